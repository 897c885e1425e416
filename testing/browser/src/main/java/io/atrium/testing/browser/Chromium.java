package io.atrium.testing.browser;

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
 * DevTools protocol on a WebSocket: navigate, click with real mouse events, type and press keys,
 * read the DOM, set an input's files, take screenshots, collect the page's console errors and run
 * axe-core on the page.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of(System.getenv().getOrDefault("ATRIUM_CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Chromium() throws Exception {
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
                    if (message.has("method")) {
                        noteEvent(message.get("method").asText(), message.path("params"));
                        return;
                    }
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
        // Errors the page writes to its console, and exceptions nothing caught, are collected from here on.
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
        send("Page.enable", Map.of());
    }

    public JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.send(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)));
        return answer.get(30, TimeUnit.SECONDS);
    }

    public void open(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
    }

    /** Evaluates an expression in the page; its value as JSON. */
    public JsonNode eval(String expression) throws Exception {
        return send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result")
                .path("value");
    }

    /** Waits until the expression's value satisfies the test; answers the value. */
    public JsonNode waitFor(String expression, Predicate<JsonNode> test) throws Exception {
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

    /**
     * A real left click (mouse pressed and released) at the middle of the element the selector finds,
     * scrolled into view first: a mouse event outside the viewport reaches nothing.
     */
    public void click(String selector) throws Exception {
        JsonNode box = waitFor(
                "(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                        + "); if (!e) return null; e.scrollIntoView({block: 'center', inline: 'center'});"
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
    public void type(String text) throws Exception {
        send("Input.insertText", Map.of("text", text));
    }

    /** An event the browser sent: console errors and uncaught exceptions are kept for {@link #errors()}. */
    private void noteEvent(String method, JsonNode params) {
        switch (method) {
            case "Runtime.exceptionThrown" -> {
                JsonNode details = params.path("exceptionDetails");
                errors.add("uncaught: "
                        + details.path("exception")
                                .path("description")
                                .asText(details.path("text").asText()));
            }
            case "Runtime.consoleAPICalled" -> {
                if (params.path("type").asText().equals("error")) {
                    StringBuilder text = new StringBuilder("console.error:");
                    params.path("args")
                            .forEach(a -> text.append(' ')
                                    .append(
                                            a.has("value")
                                                    ? a.get("value").asText()
                                                    : a.path("description").asText()));
                    errors.add(text.toString());
                }
            }
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    // The source says who: "network" for a response the browser counts as failed (any 4xx
                    // or 5xx, including refusals a test provokes on purpose), "javascript", "security".
                    errors.add("log[" + entry.path("source").asText() + "]: "
                            + entry.path("text").asText() + " "
                            + entry.path("url").asText());
                }
            }
            default -> {
                // not watched
            }
        }
    }

    /**
     * What the page wrote to its console as an error, what it threw uncaught, and what the browser
     * logged as an error (a failed load, a refused script), since the browser started.
     */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Forgets the errors seen so far (for a step that provokes one on purpose, e.g. a refused request). */
    public void clearErrors() {
        errors.clear();
    }

    /** Lays the page out as a screen of this size would (a phone: {@code mobile} true, touch-sized). */
    public void viewport(int width, int height, boolean mobile) throws Exception {
        send(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** The page as it looks now, as a PNG. */
    public void screenshot(Path file) throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Gives a file input these files, as choosing them in the file picker would (a change event follows). */
    public void files(String selector, List<Path> files) throws Exception {
        waitFor("!!document.querySelector(" + JSON.writeValueAsString(selector) + ")", JsonNode::asBoolean);
        JsonNode root = send("DOM.getDocument", Map.of("depth", 0));
        JsonNode node = send(
                "DOM.querySelector",
                Map.of("nodeId", root.path("root").path("nodeId").asInt(), "selector", selector));
        send(
                "DOM.setFileInputFiles",
                Map.of(
                        "nodeId",
                        node.path("nodeId").asInt(),
                        "files",
                        files.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }

    /** Presses and releases a key as the keyboard would ("Tab", "Enter", "Escape"), with shift if asked. */
    public void press(String key, boolean shift) throws Exception {
        Map<String, Object> codes = Map.of(
                "Tab", 9,
                "Enter", 13,
                "Escape", 27,
                "ArrowDown", 40,
                "ArrowUp", 38,
                " ", 32);
        Integer code = (Integer) codes.get(key);
        if (code == null) {
            throw new IllegalArgumentException("no key code for " + key);
        }
        for (String type : List.of("rawKeyDown", "keyUp")) {
            send(
                    "Input.dispatchKeyEvent",
                    Map.of(
                            "type",
                            type,
                            "key",
                            key,
                            "code",
                            key.equals(" ") ? "Space" : key,
                            "windowsVirtualKeyCode",
                            code,
                            "modifiers",
                            shift ? 8 : 0));
            if (type.equals("rawKeyDown") && (key.equals("Enter") || key.equals(" "))) {
                send(
                        "Input.dispatchKeyEvent",
                        Map.of("type", "char", "key", key, "text", key.equals("Enter") ? "\r" : " "));
            }
        }
    }

    /**
     * axe-core's check of the page as it is now (WCAG 2 A and AA rules): each violation of impact
     * "serious" or "critical" as "rule: the elements' selectors".
     */
    public List<String> seriousAccessibilityViolations() throws Exception {
        if (!eval("typeof window.axe === 'object'").asBoolean()) {
            String axe;
            try (var in = Chromium.class.getResourceAsStream("axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe.min.js is missing from the classpath: build testing/browser");
                }
                axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            JsonNode loaded = send("Runtime.evaluate", Map.of("expression", axe));
            if (loaded.has("exceptionDetails")) {
                throw new IllegalStateException("axe-core did not load: " + loaded.get("exceptionDetails"));
            }
        }
        JsonNode answer = send(
                "Runtime.evaluate",
                Map.of(
                        "expression",
                        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                                + ".then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                                + ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
                        "awaitPromise",
                        true,
                        "returnByValue",
                        true));
        // A check that could not run must not pass as a page without violations.
        if (answer.has("exceptionDetails")
                || !answer.path("result").path("value").isArray()) {
            throw new IllegalStateException("axe-core's check did not run: " + answer);
        }
        JsonNode result = answer.path("result").path("value");
        List<String> violations = new java.util.ArrayList<>();
        result.forEach(v -> violations.add(v.asText()));
        return violations;
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
