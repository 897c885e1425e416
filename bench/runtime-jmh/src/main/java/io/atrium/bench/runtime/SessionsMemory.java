package io.atrium.bench.runtime;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.MiniProgramSession;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 100 mini-program sessions alive at once, each with its list page and a second page open. Run
 * with {@code -Xmx512m}: it prints the heap used after a full GC; it failing with an
 * OutOfMemoryError is the target missed. Target: within a 512 MB heap.
 */
public final class SessionsMemory {

    private SessionsMemory() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Samples samples = new Samples();
        AtriumRuntime runtime = samples.runtime(Samples.tempDir());
        long before = settledHeap(memory);
        List<MiniProgramSession> sessions = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            MiniProgramSession session = samples.launch(runtime);
            session.open("pages/p" + (1 + i % 9) + "/p" + (1 + i % 9) + "?i=" + i)
                    .get(10, TimeUnit.SECONDS);
            sessions.add(session);
        }
        long launched = System.nanoTime() - start;
        long after = settledHeap(memory);
        long alive = sessions.stream().filter(s -> !s.isClosed()).count();
        System.out.printf(
                "sessions alive: %d of %d (each with 2 pages open), launched in %.0f ms%n",
                alive, count, launched / 1e6);
        System.out.printf(
                "heap used after GC: %.1f MB before, %.1f MB with the sessions (%.2f MB per session); max heap %.0f MB%n",
                before / 1048576.0,
                after / 1048576.0,
                (after - before) / 1048576.0 / count,
                memory.getHeapMemoryUsage().getMax() / 1048576.0);
        sessions.forEach(MiniProgramSession::close);
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
