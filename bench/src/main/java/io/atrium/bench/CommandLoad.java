package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the mini-program lifecycle over HTTP with N concurrent clients, each looping through
 * create, update details, upload (a distinct package each time), submit, approve, release, delist,
 * relist: eight commands per loop, each a 202 or a failure. After a warm-up, counts commands and
 * their latencies for the measured seconds.
 */
final class CommandLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private String dev;
    private String reviewer;
    private String operator;

    private CommandLoad(String url) {
        this.api = url + "/api/v1";
    }

    static void run(Options options) throws Exception {
        CommandLoad load = new CommandLoad(options.require("url"));
        String owner = options.require("key");
        int clients = options.integer("clients", 16);
        int seconds = options.integer("seconds", 20);
        int warmup = options.integer("warmup", 5);
        load.dev = load.issue(owner, "developer");
        load.reviewer = load.issue(owner, "reviewer");
        load.operator = load.issue(owner, "operator");

        AtomicLong failures = new AtomicLong();
        LoadRun.Result result = LoadRun.run(clients, warmup, seconds, "client", (latencies, measuring, stop) -> {
            while (!stop.get()) {
                load.lifecycle(latencies, measuring, failures, stop);
            }
        });
        System.out.printf("commands: clients=%d seconds=%.1f failures=%d %s%n", clients, result.seconds(), failures.get(),
                result.summary("commands"));
    }

    private void lifecycle(Latencies latencies, AtomicBoolean measuring, AtomicLong failures, AtomicBoolean stop) {
        String mp = timed(latencies, measuring, failures, () -> send("POST", "/mini-programs", dev,
                Map.of("name", "Bench", "category", "tools")));
        if (mp == null || stop.get()) {
            return;
        }
        String base = "/mini-programs/" + mp;
        timed(latencies, measuring, failures, () -> send("PATCH", base, dev, Map.of("description", "benchmarked")));
        timed(latencies, measuring, failures, () -> upload(mp, "1.0.0"));
        timed(latencies, measuring, failures, () -> send("POST", base + "/versions/1.0.0/submit", dev, null));
        timed(latencies, measuring, failures, () -> send("POST", base + "/versions/1.0.0/approve", reviewer, null));
        timed(latencies, measuring, failures, () -> send("POST", base + "/release", operator, Map.of("version", "1.0.0")));
        timed(latencies, measuring, failures, () -> send("POST", base + "/delist", operator, Map.of("reason", "bench")));
        timed(latencies, measuring, failures, () -> send("POST", base + "/relist", operator, null));
    }

    private interface Call {
        HttpResponse<String> call() throws IOException, InterruptedException;
    }

    private String timed(Latencies latencies, AtomicBoolean measuring, AtomicLong failures, Call call) {
        boolean counted = measuring.get();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = call.call();
            long micros = (System.nanoTime() - start) / 1000;
            if (response.statusCode() != 202) {
                if (counted) {
                    failures.incrementAndGet();
                }
                return null;
            }
            if (counted && measuring.get()) {
                latencies.add(micros);
            }
            return JSON.readTree(response.body()).get("id").asText();
        } catch (IOException | InterruptedException e) {
            if (counted) {
                failures.incrementAndGet();
            }
            return null;
        }
    }

    private String issue(String owner, String role) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api-keys", owner, Map.of("name", "bench " + role, "roles", List.of(role)));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("could not issue a key: " + response.statusCode() + " " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        return body.get("key").asText();
    }

    private HttpResponse<String> send(String method, String path, String key, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String mp, String version) throws IOException, InterruptedException {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "version", version);
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"p.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Http.packageBytes());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/mini-programs/" + mp + "/versions"))
                .header("Authorization", "Bearer " + dev).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value) throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

}
