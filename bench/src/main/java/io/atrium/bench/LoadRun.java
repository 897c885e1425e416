package io.atrium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs N client threads through a warm-up and a measured period, and merges the latencies they
 * recorded while measuring. A client records only operations that began and ended inside the
 * measured period.
 */
final class LoadRun {

    /** Slices of a settling warm-up: the JIT's CPU is read over each. */
    static final int SLICE_SECONDS = 5;

    /** A JVM has settled when its JIT compiler threads used at most this share of a core over a slice. */
    static final double SETTLED_COMPILER_SHARE = 0.02;

    /**
     * A settled run's window counts only when its JIT compiler threads took at most this share (in
     * percent) of the server's CPU in it; another window is opened otherwise. Two settled runs of the
     * same build differed by up to 0.56 ms a command on 2026-12-03 while the JIT took 5-11 % of their
     * windows: code compiled, deoptimized and recompiled inside a window runs at another speed than
     * in the next one, so such a window does not measure the build alone.
     */
    static final double WINDOW_COMPILER_PERCENT = 3.0;

    /** How many windows a settled run opens at most before it is not valid. */
    static final int MAX_WINDOWS = 6;

    /** The pause between a discarded window and the next, far longer than the operations' p99. */
    static final int WINDOW_GAP_MILLIS = 2_000;

    /** One client's loop; it returns when {@code stop} turns true. */
    interface Client {
        void run(Latencies latencies, AtomicBoolean measuring, AtomicBoolean stop) throws Exception;
    }

    /** What the measured period yielded. */
    record Result(
            long[] sortedMicros,
            double seconds,
            List<Throwable> errors,
            ProcessCpu.Used serverCpu,
            ProcessCpu.Used storeCpu) {
        double rate() {
            return sortedMicros.length / seconds;
        }

        String summary(String unit) {
            return String.format(
                    "%s=%d rate=%.1f/s p50=%.2fms p99=%.2fms",
                    unit,
                    sortedMicros.length,
                    rate(),
                    Latencies.percentileMillis(sortedMicros, 50),
                    Latencies.percentileMillis(sortedMicros, 99));
        }
    }

    private LoadRun() {}

    static Result run(int clients, int warmupSeconds, int seconds, String name, ProcessCpu server, Client client)
            throws InterruptedException {
        return run(clients, warmupSeconds, 0, seconds, name, server, ProcessCpu.none(), () -> {}, client);
    }

    /**
     * With {@code store}: a store in a process of its own (KurrentDB), measured over the same window.
     * With {@code maxWarmupSeconds} above 0, the warm-up runs at least {@code warmupSeconds} and then
     * {@value #SLICE_SECONDS}-second slices until the server's JIT has settled (see {@link #settle}).
     * {@code atWindowOpen} runs just before the window opens (a paced load starts its schedule there),
     * and again before each window opened in place of one discarded. A settled run discards a window
     * whose JIT took over {@value #WINDOW_COMPILER_PERCENT} % of the server's CPU (see {@link #refusal}).
     */
    static Result run(
            int clients,
            int warmupSeconds,
            int maxWarmupSeconds,
            int seconds,
            String name,
            ProcessCpu server,
            ProcessCpu store,
            Runnable atWindowOpen,
            Client client)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Latencies> latencies = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            new Thread(
                            () -> {
                                try {
                                    client.run(mine, measuring, stop);
                                } catch (Exception e) {
                                    synchronized (errors) {
                                        errors.add(e);
                                    }
                                } finally {
                                    done.countDown();
                                }
                            },
                            name + "-" + i)
                    .start();
        }
        try {
            if (maxWarmupSeconds > 0) {
                settle(server, warmupSeconds, maxWarmupSeconds);
            } else {
                Thread.sleep(warmupSeconds * 1000L);
            }
        } catch (IllegalStateException | InterruptedException e) {
            stop.set(true);
            done.await();
            throw e;
        }
        // Only a settled run judges its window by the JIT: a run warmed for a fixed time is measured as
        // it was before the settling rule, whatever its JIT did.
        boolean judged = maxWarmupSeconds > 0 && server.present();
        for (int window = 1; ; window++) {
            atWindowOpen.run();
            // The server's CPU is read right before the window opens and right after it closes.
            ProcessCpu.Window cpu = server.start();
            ProcessCpu.Window storeCpu = store.start();
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            ProcessCpu.Used used = cpu.end();
            ProcessCpu.Used storeUsed = storeCpu.end();
            String refusal = judged ? refusal(used) : null;
            if (refusal == null) {
                stop.set(true);
                done.await();
                return new Result(Latencies.merged(latencies), elapsed / 1e9, errors, used, storeUsed);
            }
            int ops = 0;
            for (Latencies l : latencies) {
                ops += l.size();
            }
            // On the record: what the discarded window would have said.
            System.out.printf(
                    "window %d discarded: %s (%d operations, %.3f ms of server CPU each)%n",
                    window, refusal, ops, used.millisPer(ops));
            if (window >= MAX_WINDOWS) {
                stop.set(true);
                done.await();
                throw new IllegalStateException(String.format(
                        "none of %d windows had the server's JIT under %.0f %% of its CPU: the run is not valid",
                        MAX_WINDOWS, WINDOW_COMPILER_PERCENT));
            }
            // What was recorded goes. An operation is recorded when the window was open at its start
            // and at its end, so one that began in this window and ends after the next one opened
            // (longer than the gap: the clients' socket timeout is 30 s, the light mix's p99 under
            // 40 ms) would still be counted there; the gap makes that rare, not impossible.
            Thread.sleep(WINDOW_GAP_MILLIS);
            for (Latencies l : latencies) {
                l.clear();
            }
        }
    }

    /** Why a settled run's window does not count, or null when it does. */
    static @Nullable String refusal(ProcessCpu.Used used) {
        if (!used.compilerRead()) {
            return "the server's JIT compiler threads could not be read over it (one ended inside it)";
        }
        if (used.compilerPercent() > WINDOW_COMPILER_PERCENT) {
            return String.format(
                    "the server's JIT took %.2f %% of its CPU in it (above %.0f %%)",
                    used.compilerPercent(), WINDOW_COMPILER_PERCENT);
        }
        return null;
    }

    /**
     * Warms up for at least {@code minSeconds}, then slice by slice until the server's JIT compiler
     * threads used at most {@value #SETTLED_COMPILER_SHARE} of a core over a slice. A window opened
     * earlier counts the server's start-up: on these 2 cores, under a saturating load, the one C2
     * compiler thread gets a small share of them, and the JIT was still about a tenth of the server's
     * CPU after 60 s and for minutes after, while the code it had not compiled yet ran unoptimized.
     * It takes two quiet slices in a row, and a slice whose reading went down (a compiler thread that
     * ended takes its ticks out of /proc) is not quiet. Each slice is printed, so the warm-up is on the
     * record. A server that has not settled by {@code maxSeconds} from the start of the warm-up, or
     * whose compiler threads cannot be read (not HotSpot, or gone), makes the run not valid; without a
     * server process to read it warms for {@code minSeconds} only.
     */
    static void settle(ProcessCpu server, int minSeconds, int maxSeconds) throws InterruptedException {
        long begin = System.nanoTime();
        Thread.sleep(Math.max(0, minSeconds - SLICE_SECONDS) * 1000L);
        if (!server.present()) {
            Thread.sleep(Math.min(minSeconds, SLICE_SECONDS) * 1000L);
            return;
        }
        int quiet = 0;
        while (true) {
            ProcessCpu.Window cpu = server.start();
            Thread.sleep(SLICE_SECONDS * 1000L);
            ProcessCpu.Used used = cpu.end();
            double compiler = used.compilerSeconds();
            double elapsed = (System.nanoTime() - begin) / 1e9;
            if (Double.isNaN(compiler)) {
                throw new IllegalStateException(String.format(
                        "the server's JIT compiler threads could not be read after %.0f s of warm-up (not HotSpot's "
                                + "C1/C2 threads, or the server is gone): whether it settled is unknown; the run is not valid",
                        elapsed));
            }
            System.out.printf(
                    "warm-up at %.0f s: server %.2f cores, its JIT compiler threads %.2f s over the last %d s%n",
                    elapsed, used.cpuSeconds() / used.wallSeconds(), compiler, SLICE_SECONDS);
            quiet = compiler >= 0 && compiler <= SETTLED_COMPILER_SHARE * SLICE_SECONDS ? quiet + 1 : 0;
            if (elapsed >= minSeconds && quiet >= 2) {
                System.out.printf(
                        "warm-up: settled after %.0f s (the JIT compiler threads under %.0f %% of a core, twice)%n",
                        elapsed, SETTLED_COMPILER_SHARE * 100);
                return;
            }
            if (elapsed >= maxSeconds) {
                throw new IllegalStateException(String.format(
                        "the server's JIT had NOT settled after %.0f s of warm-up (the maximum): a window opened now "
                                + "would count its start-up; the run is not valid",
                        elapsed));
            }
        }
    }
}
