package io.atrium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

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
     * {@code atWindowOpen} runs just before the window opens (a paced load starts its schedule there).
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
        stop.set(true);
        done.await();
        return new Result(Latencies.merged(latencies), elapsed / 1e9, errors, used, storeUsed);
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
