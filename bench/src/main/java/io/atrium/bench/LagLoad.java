package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends commands at a fixed rate (detail updates spread over 64 mini-programs, so they do not queue
 * behind one aggregate), then reads the projections' lag percentiles from the status endpoint: each
 * projection keeps the lag of its last 10,000 events, from the event being recorded to its batch
 * committing into the read model.
 */
final class LagLoad {

    /** Connections (one thread each): requests in flight at most. */
    static final int CONNECTIONS = 128;

    private LagLoad() {}

    static int run(String url, String owner, int rate, int seconds, int warmup, int catchUpSeconds, ProcessCpu server)
            throws Exception {
        Http http = new Http(url);
        String dev = http.key(owner, "developer");
        List<String> programs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            programs.add(http.accepted("POST", "/api/v1/mini-programs", dev, Map.of("name", "Lag " + i))
                    .get("id")
                    .asText());
        }
        if (warmup > 0) {
            Phase warm = drive(http, dev, programs, rate, warmup);
            System.out.printf(
                    "lag warm-up: offered=%d/s achieved=%.0f/s seconds=%.1f%n",
                    rate, warm.accepted / warm.seconds, warm.seconds);
        }
        // The server's CPU is read right before the measured part starts and right after its last answer.
        ProcessCpu.Window cpu = server.start();
        Phase measured = drive(http, dev, programs, rate, seconds);
        ProcessCpu.Used used = cpu.end();
        long total = measured.accepted + measured.refused;
        System.out.printf(
                "lag: offered=%d/s achieved=%.0f/s accepted=%d refused=%d seconds=%.1f%n",
                rate, measured.accepted / measured.seconds, measured.accepted, measured.refused, measured.seconds);
        System.out.println(used.line("server", measured.accepted, "accepted command"));

        // How far behind each projection was when the load stopped, then wait until each has reached the
        // head as it was then: the percentiles are read only once every measured event has been applied.
        long stopped = System.nanoTime();
        Map<String, JsonNode> atEnd = projections(http, owner);
        long head = 0;
        for (JsonNode p : atEnd.values()) {
            head = Math.max(head, p.get("head").asLong());
            System.out.printf(
                    "lag %s: %d events behind the head (%d) when the load stopped (state %s)%n",
                    p.get("name").asText(),
                    p.get("lagEvents").asLong(),
                    p.get("head").asLong(),
                    p.get("state").asText());
        }
        Map<String, Double> caughtUp = new LinkedHashMap<>();
        Map<String, JsonNode> last = atEnd;
        long deadline = stopped + catchUpSeconds * 1_000_000_000L;
        while (caughtUp.size() < atEnd.size() && System.nanoTime() < deadline) {
            for (JsonNode p : last.values()) {
                String name = p.get("name").asText();
                if (!caughtUp.containsKey(name)
                        && p.get("position").asLong() >= head
                        && p.get("lagEvents").asLong() == 0) {
                    caughtUp.put(name, (System.nanoTime() - stopped) / 1e9);
                }
            }
            if (caughtUp.size() < atEnd.size()) {
                Thread.sleep(50);
                last = projections(http, owner);
            }
        }
        boolean valid = true;
        for (JsonNode p : last.values()) {
            String name = p.get("name").asText();
            Double after = caughtUp.get(name);
            if (after == null) {
                valid = false;
                System.out.printf(
                        "lag %s: NOT at the head after %d s: still %d events behind (position %d, head %d, state %s, last error %s)%n",
                        name,
                        catchUpSeconds,
                        p.get("lagEvents").asLong(),
                        p.get("position").asLong(),
                        p.get("head").asLong(),
                        p.get("state").asText(),
                        p.path("lastError").asText("none"));
            } else {
                System.out.printf(
                        "lag %s: reached the head %.2f s after the load stopped; 0 events behind then (position %d)%n",
                        name, after, p.get("position").asLong());
            }
        }
        if (total < 10_000) {
            System.out.println(
                    "lag: fewer than 10,000 events measured, so the percentiles below include warm-up events");
        }
        for (JsonNode p : last.values()) {
            System.out.printf(
                    "lag %s: p50=%.0fms p99=%.0fms (last 10,000 events)%n",
                    p.get("name").asText(),
                    p.get("lagMillisP50").asDouble(),
                    p.get("lagMillisP99").asDouble());
        }
        if (measured.refused > 0) {
            System.out.println("lag: NOT VALID: " + measured.refused + " commands were refused or failed");
            return 1;
        }
        if (!valid) {
            System.out.println("lag: NOT VALID: a projection did not reach the head");
            return 1;
        }
        return 0;
    }

    private static Map<String, JsonNode> projections(Http http, String owner) throws Exception {
        java.net.http.HttpResponse<String> response = http.send("GET", "/api/v1/admin/projections", owner, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET /api/v1/admin/projections answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode p : Http.JSON.readTree(response.body()).get("projections")) {
            byName.put(p.get("name").asText(), p);
        }
        return byName;
    }

    private record Phase(long accepted, long refused, double seconds) {}

    /**
     * Sends {@code rate} updates a second for {@code seconds} and waits for every answer. Each of
     * {@value #CONNECTIONS} threads owns a keep-alive connection and takes the next update when it is
     * due, so up to that many requests are in flight; a server slower than that falls behind the schedule.
     */
    private static Phase drive(Http http, String dev, List<String> programs, int rate, int seconds)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long intervalNanos = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        URI base = URI.create(http.base);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            Thread thread = new Thread(
                    () -> {
                        try (PlainHttpConnection connection = new PlainHttpConnection(base)) {
                            for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                                long wait = start + n * intervalNanos - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                                byte[] body = ("{\"description\":\"tick " + n + "\"}").getBytes(StandardCharsets.UTF_8);
                                try {
                                    int status = connection.send(
                                            "PATCH",
                                            "/api/v1/mini-programs/" + programs.get((int) (n % programs.size())),
                                            dev,
                                            body);
                                    (status == 202 ? accepted : other).incrementAndGet();
                                } catch (IOException e) {
                                    other.incrementAndGet();
                                    connection.close();
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "lag-load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Phase(accepted.get(), other.get(), (System.nanoTime() - start) / 1e9);
    }
}
