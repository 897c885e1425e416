package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local cluster under a fixed command rate: each command (a detail update; each client thread
 * updates a mini-program of its own, so no two commands race on one aggregate across the two command
 * nodes, which would be answered 409) goes to the writes URL (nginx, which routes it to a command node); as soon as its 202
 * names the event's position, the same client thread reads the mini-program from the reads URL (nginx,
 * to a query node) with {@code ?minPosition=} that position, which the query node answers once the
 * catalogue has applied it. The time from the 202 to that 200 is the lag: command node, event store,
 * relay, Kafka, projections node, read model, query node. Every answer is checked: a 202 with a
 * position, then a 200 whose mini-program stands at that position or later.
 */
final class ClusterLoad {

    /** Client threads, each with a keep-alive connection for writes and one for reads. */
    static final int CONNECTIONS = 192;

    private ClusterLoad() {}

    static int run(String writes, String reads, String owner, int rate, int seconds, int warmup, List<ProcessCpu> nodes)
            throws Exception {
        Http http = new Http(writes);
        String dev = http.key(owner, "developer");
        List<String> programs = new ArrayList<>();
        long lastPosition = 0;
        for (int i = 0; i < CONNECTIONS; i++) {
            JsonNode created = http.accepted("POST", "/api/v1/mini-programs", dev, Map.of("name", "Cluster " + i));
            programs.add(created.get("id").asText());
            lastPosition = Math.max(lastPosition, created.get("position").asLong());
        }
        // Setup must be readable before the clock starts.
        Http query = new Http(reads);
        java.net.http.HttpResponse<String> ready =
                query.send("GET", "/api/v1/mini-programs?minPosition=" + lastPosition, owner, null);
        if (ready.statusCode() != 200) {
            System.out.println("cluster: NOT VALID: the setup did not become readable: " + ready.statusCode() + " "
                    + ready.body());
            return 1;
        }
        if (warmup > 0) {
            Phase warm = drive(writes, reads, dev, owner, programs, rate, warmup);
            System.out.printf(
                    "cluster warm-up: offered=%d/s achieved=%.0f/s failed=%d seconds=%.1f lag p50=%.0fms p99=%.0fms%n",
                    rate,
                    warm.accepted / warm.seconds,
                    warm.failures.size(),
                    warm.seconds,
                    Latencies.percentileMillis(warm.lags, 50),
                    Latencies.percentileMillis(warm.lags, 99));
        }
        List<ProcessCpu.Window> windows = new ArrayList<>();
        for (ProcessCpu node : nodes) {
            windows.add(node.start());
        }
        Phase measured = drive(writes, reads, dev, owner, programs, rate, seconds);
        List<ProcessCpu.Used> used = new ArrayList<>();
        for (ProcessCpu.Window window : windows) {
            used.add(window.end());
        }
        System.out.printf(
                "cluster: offered=%d/s achieved=%.0f/s accepted=%d read=%d failed=%d seconds=%.1f%n",
                rate,
                measured.accepted / measured.seconds,
                measured.accepted,
                measured.lags.length,
                measured.failures.size(),
                measured.seconds);
        System.out.printf(
                "cluster lag (202 -> readable on a query node): p50=%.0fms p90=%.0fms p99=%.0fms max=%.0fms over %d commands%n",
                Latencies.percentileMillis(measured.lags, 50),
                Latencies.percentileMillis(measured.lags, 90),
                Latencies.percentileMillis(measured.lags, 99),
                Latencies.percentileMillis(measured.lags, 100),
                measured.lags.length);
        double total = 0;
        for (ProcessCpu.Used u : used) {
            System.out.println(u.line("node", measured.accepted, "accepted command"));
            if (!Double.isNaN(u.cpuSeconds())) {
                total += u.cpuSeconds();
            }
        }
        System.out.printf(
                "cluster CPU, all processes listed: %.2f s, %.3f ms per accepted command%n",
                total, measured.accepted == 0 ? Double.NaN : total * 1000 / measured.accepted);
        if (!measured.failures.isEmpty()) {
            System.out.println("cluster: NOT VALID: " + measured.failures.size() + " commands or reads failed; first: "
                    + measured.failures.peek());
            return 1;
        }
        if (measured.accepted / measured.seconds < rate * 0.95) {
            System.out.printf(
                    "cluster: NOT VALID: achieved %.0f/s, below 95%% of the offered %d/s%n",
                    measured.accepted / measured.seconds, rate);
            return 1;
        }
        return 0;
    }

    private record Phase(long accepted, long[] lags, ConcurrentLinkedQueue<String> failures, double seconds) {}

    private static Phase drive(
            String writes, String reads, String dev, String owner, List<String> programs, int rate, int seconds)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Latencies> lags = new ArrayList<>();
        long intervalNanos = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        URI writeBase = URI.create(writes);
        URI readBase = URI.create(reads);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            String program = programs.get(t);
            Latencies mine = new Latencies();
            lags.add(mine);
            Thread thread = new Thread(
                    () -> {
                        try (PlainHttpConnection write = new PlainHttpConnection(writeBase);
                                PlainHttpConnection read = new PlainHttpConnection(readBase)) {
                            for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                                long wait = start + n * intervalNanos - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                                byte[] body = ("{\"description\":\"tick " + n + "\"}").getBytes(StandardCharsets.UTF_8);
                                try {
                                    PlainHttpConnection.Response answer = write.exchange(
                                            "PATCH", "/api/v1/mini-programs/" + program, dev, "application/json", body);
                                    long acceptedAt = System.nanoTime();
                                    if (answer.status() != 202) {
                                        failures.add("PATCH answered " + answer.status() + ": " + answer.text());
                                        continue;
                                    }
                                    accepted.incrementAndGet();
                                    long position = Http.JSON
                                            .readTree(answer.body())
                                            .path("position")
                                            .asLong(-1);
                                    if (position < 0) {
                                        failures.add("a 202 without a position: " + answer.text());
                                        continue;
                                    }
                                    PlainHttpConnection.Response readBack = read.exchange(
                                            "GET",
                                            "/api/v1/mini-programs/" + program + "?minPosition=" + position,
                                            owner,
                                            "application/json",
                                            null);
                                    long readAt = System.nanoTime();
                                    if (readBack.status() != 200) {
                                        failures.add("GET answered " + readBack.status() + ": " + readBack.text());
                                        continue;
                                    }
                                    long shown = Http.JSON
                                            .readTree(readBack.body())
                                            .path("position")
                                            .asLong(-1);
                                    if (shown < position) {
                                        failures.add("the read shows position " + shown + ", before the write's "
                                                + position);
                                        continue;
                                    }
                                    mine.add((readAt - acceptedAt) / 1_000);
                                } catch (IOException e) {
                                    failures.add("connection: " + e);
                                    write.close();
                                    read.close();
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "cluster-load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Phase(accepted.get(), Latencies.merged(lags), failures, (System.nanoTime() - start) / 1e9);
    }
}
