package io.atrium.shells.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Real headless Chromium (Debian's package, installed by scripts/services), driven over the
 * DevTools protocol on a WebSocket: navigate, click with real mouse events, type, read the DOM.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("ATRIUM_CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    Chromium() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: run scripts/services, which installs Debian's chromium");
        }
        profile = Files.createTempDirectory("atrium-chromium");
        process = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > until || !process.isAlive()) {
                throw new IllegalStateException(
                        "Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        String pageSocket = null;
        while (pageSocket == null) {
            try (Response r = http.newCall(new Request.Builder()
                            .url("http://127.0.0.1:" + port + "/json/list")
                            .build())
                    .execute()) {
                for (JsonNode target : JSON.readTree(r.body().string())) {
                    if (target.path("type").asText().equals("page")) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                    }
                }
            }
            if (pageSocket == null) {
                Thread.sleep(50);
            }
        }
        socket = http.newWebSocket(new Request.Builder().url(pageSocket).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                try {
                    JsonNode message = JSON.readTree(text);
                    CompletableFuture<JsonNode> waiting =
                            message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (waiting != null) {
                        if (message.has("error")) {
                            waiting.completeExceptionally(new IllegalStateException(
                                    message.get("error").toString()));
                        } else {
                            waiting.complete(message.path("result"));
                        }
                    }
                } catch (IOException e) {
                    // not ours
                }
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                pending.values().forEach(f -> f.completeExceptionally(t));
            }
        });
    }

    JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.send(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)));
        return answer.get(30, TimeUnit.SECONDS);
    }

    void open(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
    }

    /** Evaluates an expression in the page; its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        return send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result")
                .path("value");
    }

    /** Waits until the expression's value satisfies the test; answers the value. */
    JsonNode waitFor(String expression, Predicate<JsonNode> test) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode value = eval(expression);
        while (!test.test(value)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("'" + expression + "' is still " + value);
            }
            Thread.sleep(50);
            value = eval(expression);
        }
        return value;
    }

    /** A real left click (mouse pressed and released) at the middle of the element the selector finds. */
    void click(String selector) throws Exception {
        JsonNode box = waitFor(
                "(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                        + "); if (!e) return null;"
                        // The middle of the element's first box: an inline element that wraps has two boxes,
                        // and the middle of its bounding rectangle may be in neither.
                        + " const rs = e.getClientRects(); if (!rs.length) return null; const r = rs[0];"
                        + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()",
                v -> v.isObject());
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send(
                    "Input.dispatchMouseEvent",
                    Map.of(
                            "type",
                            type,
                            "x",
                            box.get("x").asDouble(),
                            "y",
                            box.get("y").asDouble(),
                            "button",
                            "left",
                            "clickCount",
                            1));
        }
    }

    /** Types text as the keyboard would into the focused element. */
    void type(String text) throws Exception {
        send("Input.insertText", Map.of("text", text));
    }

    @Override
    public void close() throws IOException {
        socket.close(1000, "done");
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        // Chromium's helper processes may still be writing (and renaming away) temporary files in
        // the profile for a moment after the browser process ends: a file gone mid-walk is fine,
        // and the walk is repeated until the folder is gone.
        for (int attempt = 0; attempt < 20 && Files.exists(profile); attempt++) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                // Something vanished while walking; walk again.
            }
            if (Files.exists(profile)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
