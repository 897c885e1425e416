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
        return run(clients, warmupSeconds, seconds, name, server, ProcessCpu.none(), client);
    }

    /** With {@code store}: a store in a process of its own (KurrentDB), measured over the same window. */
    static Result run(
            int clients,
            int warmupSeconds,
            int seconds,
            String name,
            ProcessCpu server,
            ProcessCpu store,
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
        Thread.sleep(warmupSeconds * 1000L);
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
}
