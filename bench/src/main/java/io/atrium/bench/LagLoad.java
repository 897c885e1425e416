package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends commands at a fixed rate (detail updates spread over 64 mini-programs, so they do not queue
 * behind one aggregate), then reads the projections' lag percentiles from the status endpoint: each
 * projection keeps the lag of its last 10,000 events, from the event being recorded to its batch
 * committing into the read model.
 */
final class LagLoad {

    private LagLoad() {
    }

    static void run(Options options) throws Exception {
        Http http = new Http(options.require("url"));
        String owner = options.require("key");
        int rate = options.integer("rate", 500);
        int seconds = options.integer("seconds", 30);
        String dev = http.key(owner, "developer");
        List<String> programs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            programs.add(http.accepted("POST", "/api/v1/mini-programs", dev, Map.of("name", "Lag " + i)).get("id").asText());
        }
        Semaphore inFlight = new Semaphore(256);
        AtomicLong accepted = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long n = 0; n < total; n++) {
            long due = start + n * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(http.base + "/api/v1/mini-programs/" + programs.get((int) (n % programs.size()))))
                    .header("Authorization", "Bearer " + dev).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\":\"tick " + n + "\"}")).build();
            http.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 202) {
                    accepted.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(256);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1000);
        JsonNode status = Http.JSON.readTree(http.send("GET", "/api/v1/admin/projections", owner, null).body());
        System.out.printf("lag: offered=%d/s achieved=%.0f/s accepted=%d refused=%d seconds=%.1f%n", rate, accepted.get() / elapsed,
                accepted.get(), other.get(), elapsed);
        for (JsonNode p : status.get("projections")) {
            System.out.printf("lag %s: p50=%.0fms p99=%.0fms (last 10,000 events)%n", p.get("name").asText(), p.get("lagMillisP50").asDouble(),
                    p.get("lagMillisP99").asDouble());
        }
    }
}
