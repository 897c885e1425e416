package io.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Drives the mini-program lifecycle over HTTP with N concurrent clients, each looping through
 * create, update details, upload (a distinct package each time), submit, approve, release, delist,
 * relist: eight commands per loop, each a 202 or a failure. After a warm-up, counts commands and
 * their latencies for the measured seconds.
 */
final class CommandLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One keep-alive connection per client thread (the JDK HttpClient cost the server a quarter of the cores). */
    private final ThreadLocal<PlainHttpConnection> connections;

    private final String api;
    // Issued by the load's set-up before any client thread runs.
    @SuppressWarnings("NullAway.Init")
    private String dev;

    @SuppressWarnings("NullAway.Init")
    private String reviewer;

    @SuppressWarnings("NullAway.Init")
    private String operator;

    private CommandLoad(String url) {
        URI base = URI.create(url);
        this.api = (base.getPath() == null ? "" : base.getPath()) + "/api/v1";
        this.connections = ThreadLocal.withInitial(() -> new PlainHttpConnection(base));
    }

    static int run(String url, String owner, int clients, int seconds, int warmup, ProcessCpu server, ProcessCpu store)
            throws Exception {
        CommandLoad load = new CommandLoad(url);
        Http setup = new Http(url);
        load.dev = setup.key(owner, "developer");
        load.reviewer = setup.key(owner, "reviewer");
        load.operator = setup.key(owner, "operator");

        AtomicLong failures = new AtomicLong();
        LoadRun.Result result =
                LoadRun.run(clients, warmup, seconds, "client", server, store, (latencies, measuring, stop) -> {
                    while (!stop.get()) {
                        load.lifecycle(latencies, measuring, failures, stop);
                    }
                });
        System.out.printf(
                "commands: clients=%d seconds=%.1f failures=%d %s%n",
                clients, result.seconds(), failures.get(), result.summary("commands"));
        System.out.println(result.serverCpu().line("server", result.sortedMicros().length, "command"));
        if (store.present()) {
            System.out.println(result.storeCpu().line("store", result.sortedMicros().length, "command"));
        }
        return 0;
    }

    private void lifecycle(Latencies latencies, AtomicBoolean measuring, AtomicLong failures, AtomicBoolean stop) {
        String mp = timed(
                latencies,
                measuring,
                failures,
                () -> send("POST", "/mini-programs", dev, Map.of("name", "Bench", "category", "tools")));
        if (mp == null || stop.get()) {
            return;
        }
        String base = "/mini-programs/" + mp;
        timed(latencies, measuring, failures, () -> send("PATCH", base, dev, Map.of("description", "benchmarked")));
        timed(latencies, measuring, failures, () -> upload(mp, "1.0.0"));
        timed(latencies, measuring, failures, () -> send("POST", base + "/versions/1.0.0/submit", dev, null));
        timed(latencies, measuring, failures, () -> send("POST", base + "/versions/1.0.0/approve", reviewer, null));
        timed(
                latencies,
                measuring,
                failures,
                () -> send("POST", base + "/release", operator, Map.of("version", "1.0.0")));
        timed(
                latencies,
                measuring,
                failures,
                () -> send("POST", base + "/delist", operator, Map.of("reason", "bench")));
        timed(latencies, measuring, failures, () -> send("POST", base + "/relist", operator, null));
    }

    private interface Call {
        PlainHttpConnection.Response call() throws IOException;
    }

    private @Nullable String timed(Latencies latencies, AtomicBoolean measuring, AtomicLong failures, Call call) {
        boolean counted = measuring.get();
        long start = System.nanoTime();
        try {
            PlainHttpConnection.Response response = call.call();
            long micros = (System.nanoTime() - start) / 1000;
            if (response.status() != 202) {
                if (counted) {
                    failures.incrementAndGet();
                }
                return null;
            }
            if (counted && measuring.get()) {
                latencies.add(micros);
            }
            return JSON.readTree(response.body()).get("id").asText();
        } catch (IOException e) {
            connections.get().close();
            if (counted) {
                failures.incrementAndGet();
            }
            return null;
        }
    }

    private PlainHttpConnection.Response send(String method, String path, String key, @Nullable Object body)
            throws IOException {
        return connections
                .get()
                .exchange(
                        method,
                        api + path,
                        key,
                        "application/json",
                        body == null ? null : JSON.writeValueAsBytes(body));
    }

    private PlainHttpConnection.Response upload(String mp, String version) throws IOException {
        String boundary = Http.boundary();
        return connections
                .get()
                .exchange(
                        "POST",
                        api + "/mini-programs/" + mp + "/versions",
                        dev,
                        Http.multipartType(boundary),
                        Http.uploadBody(boundary, version));
    }
}
