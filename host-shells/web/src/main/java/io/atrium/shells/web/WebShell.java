package io.atrium.shells.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.HostUi;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.PageView;
import io.atrium.sdk.RuntimeListener;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.policy.PolicyDenial;
import io.atrium.sdk.view.Rendered;
import io.atrium.shells.common.LaunchArguments;
import io.atrium.shells.common.ShellCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The web host: one mini-program session, served to a browser. {@code GET /} is the page and
 * {@code GET /host.js} its script; {@code GET /session} gives the page its token; {@code GET /events}
 * streams renders and patches (SSE); {@code POST /event} carries a tap or an input back to the logic
 * layer; {@code POST /open} and {@code POST /back} navigate.
 *
 * <p>Any page the user's browser shows can send requests here, so every request must name this
 * host's own address in {@code Host} (a DNS-rebound name does not) and, when it has an
 * {@code Origin}, come from this host's origin; a POST must be {@code application/json} (which a
 * form or a plain cross-site fetch cannot send) and carry the session's token in
 * {@value #TOKEN_HEADER}.
 */
public final class WebShell implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_CLIENTS = 32;
    /**
     * The page runs only its own script file: a template's markup that slipped past the renderer
     * still cannot run. Styles may be inline because a mini-program's style sheet and style
     * attributes are set that way (the renderer has already refused the active ones). Images, fonts
     * and media come from this host, data: URLs, and only the https domains the mini-program's policy
     * grants it: an image URL is a request, and would otherwise carry data to any site whatever the
     * policy (under the local-development policy, none).
     */
    static String contentSecurityPolicy(List<String> domains) {
        String granted = domains.stream()
                .filter(d -> d.matches("(\\*\\.)?[A-Za-z0-9.-]+"))
                .map(d -> " https://" + d)
                .collect(java.util.stream.Collectors.joining());
        return String.join(
                "; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:" + granted,
                "font-src 'self' data:" + granted,
                "media-src 'self'" + granted,
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'");
    }

    static final String CONTENT_SECURITY_POLICY = contentSecurityPolicy(List.of());
    private static final String CSP_ATTRIBUTE = "atrium.csp";

    static final String TOKEN_HEADER = "X-Atrium-Token";
    private static final Set<String> PATHS =
            Set.of("/", "/host.js", "/session", "/page", "/events", "/event", "/open", "/back");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "web-shell");
        t.setDaemon(true);
        return t;
    });
    private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();
    private final String indexHtml;
    private final String hostJs;
    /** Random per host session; only a page of this host's origin can read it (GET /session). */
    private final String token;
    /** The names and address literals this host answers to, lower case, IPv6 in brackets. */
    private final Set<String> hostNames;
    /** Set by start() right after construction, before the server starts: null only while it launches. */
    private volatile @Nullable MiniProgramSession session;

    private final com.sun.net.httpserver.HttpContext context;

    private WebShell(String bind, int port) throws IOException {
        try (InputStream in = WebShell.class.getResourceAsStream("index.html")) {
            indexHtml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (InputStream in = WebShell.class.getResourceAsStream("host.js")) {
            hostJs = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        hostNames = hostNames(bind, server.getAddress().getAddress());
        server.setExecutor(executor);
        this.context = server.createContext("/", this::route);
    }

    /** The shell itself: it only names its one command. */
    @Command(
            name = "web-shell",
            mixinStandardHelpOptions = true,
            version = "Atrium web host",
            description = "Runs a mini-program and serves it to a browser on this machine.")
    static final class Root implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw ShellCommandLine.noCommand(spec);
        }
    }

    /** {@code run}: launch, then serve until stopped. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description =
                    "Launches a mini-program (a local package, or the version the platform resolves for a user) and serves it.")
    static final class Run implements Callable<Integer> {
        @Mixin
        LaunchArguments launch;

        @Option(
                names = "--port",
                paramLabel = "N",
                defaultValue = "8090",
                description = "The port to serve on (0: any free one; default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--bind",
                paramLabel = "ADDRESS",
                defaultValue = "127.0.0.1",
                description = "The address to serve on (default ${DEFAULT-VALUE}).")
        String bind;

        @Override
        public Integer call() throws Exception {
            WebShell shell;
            try {
                shell = start(this);
            } catch (LaunchException e) {
                System.err.println("web-shell: " + LaunchArguments.refusal(e));
                return 3;
            }
            System.out.println("web-shell: " + launch.describe(shell.session()) + " on http://"
                    + shell.server.getAddress().getHostString() + ":" + shell.port() + "/  (Ctrl-C stops)");
            Runtime.getRuntime().addShutdownHook(new Thread(shell::close));
            Thread.currentThread().join();
            return 0;
        }
    }

    /**
     * Parses the arguments ({@code run}, the launch options, {@code --port}, {@code --bind}),
     * launches the mini-program and starts serving it.
     *
     * @throws ParameterException for bad arguments
     * @throws LaunchException    when the launch is refused
     */
    public static WebShell start(String[] args) throws IOException {
        Run run = new Run();
        CommandLine commandLine = new CommandLine(new Root()).addSubcommand(run);
        if (!commandLine.parseArgs(args).hasSubcommand()) {
            throw ShellCommandLine.noCommand(commandLine.getCommandSpec());
        }
        return start(run);
    }

    private static WebShell start(Run run) throws IOException {
        run.launch.validate();
        WebShell shell = new WebShell(run.bind, run.port);
        MiniProgramSession session;
        try {
            session = run.launch.launch(
                    AtriumRuntime.builder().listener(shell.listener()).ui(shell.ui()));
            shell.session = session;
        } catch (RuntimeException e) {
            // The port is bound already: give it back, or a refused launch holds it until exit.
            shell.close();
            throw e;
        }
        shell.context
                .getAttributes()
                .put(CSP_ATTRIBUTE, contentSecurityPolicy(session.policy().domains()));
        shell.server.start();
        return shell;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The session served; a shell start() handed out has one, and requests are served only after it. */
    public MiniProgramSession session() {
        return Objects.requireNonNull(session, "start() launches the session before it starts serving");
    }

    public static void main(String[] args) {
        System.exit(ShellCommandLine.execute(
                new CommandLine(new Root()).addSubcommand(new Run()), args, System.out, System.err));
    }

    // ---- HTTP ----

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!fromThisHost(exchange)) {
                return;
            }
            switch (method + " " + path) {
                case "GET /" -> send(exchange, 200, "text/html; charset=utf-8", indexHtml);
                case "GET /host.js" -> send(exchange, 200, "text/javascript; charset=utf-8", hostJs);
                case "GET /session" -> session(exchange);
                case "GET /page" ->
                    send(
                            exchange,
                            200,
                            "application/json",
                            JSON.writeValueAsString(pageEvent(session().currentPage())));
                case "GET /events" -> stream(exchange);
                case "POST /event" -> {
                    if (postAllowed(exchange)) {
                        event(exchange);
                    }
                }
                case "POST /open", "POST /back" -> {
                    if (postAllowed(exchange)) {
                        navigate(exchange, path.equals("/open"));
                    }
                }
                default -> problem(exchange, PATHS.contains(path) ? 405 : 404, "no " + method + " " + path);
            }
        } catch (RuntimeException e) {
            // The exchange is closed; the browser sees the connection end. Nothing else is affected.
        }
    }

    // ---- who may ask ----

    /**
     * Whether the request names this host in {@code Host} and, if it has an {@code Origin}, comes
     * from this host's origin; answers 403 when not. A page of another site that rebinds its DNS
     * name to this address still sends its own name in {@code Host}.
     */
    private boolean fromThisHost(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !isThisHost(host)) {
            problem(exchange, 403, "Host '" + host + "' is not this web host's address");
            return false;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !isThisOrigin(origin)) {
            problem(exchange, 403, "Origin '" + origin + "' is not this web host's page");
            return false;
        }
        return true;
    }

    /**
     * Whether a POST may act: JSON only (a cross-site form or a simple fetch cannot send it without
     * a preflight this host never answers), and the session's token; answers 415 or 403 when not.
     */
    private boolean postAllowed(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null
                || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            problem(exchange, 415, "a POST body must be application/json");
            return false;
        }
        String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null || given.isEmpty()) {
            problem(exchange, 403, "the session token (" + TOKEN_HEADER + ") is missing");
            return false;
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            problem(exchange, 403, "the session token is wrong");
            return false;
        }
        return true;
    }

    /**
     * The token, for this host's own page only. Host and Origin are already checked; a browser's
     * Sec-Fetch-Site also tells a cross-site read apart (which CORS would not let it see anyway).
     */
    private void session(HttpExchange exchange) throws IOException {
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            problem(exchange, 403, "the session token is for this web host's own page");
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("token", token)));
    }

    private boolean isThisHost(String hostHeader) {
        String host;
        String port;
        if (hostHeader.startsWith("[")) {
            int close = hostHeader.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = hostHeader.substring(0, close + 1);
            port = hostHeader.substring(close + 1);
        } else {
            int colon = hostHeader.lastIndexOf(':');
            host = colon < 0 ? hostHeader : hostHeader.substring(0, colon);
            port = colon < 0 ? "" : hostHeader.substring(colon);
        }
        boolean portMatches = port.isEmpty() ? port() == 80 : port.equals(":" + port());
        return portMatches && hostNames.contains(normalise(host));
    }

    private boolean isThisOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            if (!"http".equals(uri.getScheme())
                    || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getRawUserInfo() != null) {
                return false;
            }
            return (uri.getPort() == -1 ? 80 : uri.getPort()) == port() && hostNames.contains(normalise(uri.getHost()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The names a request may use for this host: the bound address, and localhost for a loopback or wildcard bind. */
    private static Set<String> hostNames(String bind, InetAddress bound) throws IOException {
        Set<String> names = new HashSet<>();
        names.add(normalise(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind));
        names.add(literal(bound));
        if (bound.isAnyLocalAddress()) {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    names.add(literal(a));
                }
            }
        }
        if (bound.isAnyLocalAddress() || bound.isLoopbackAddress()) {
            names.add("localhost");
        }
        return Set.copyOf(names);
    }

    /**
     * One spelling per address: lower case, IPv6 in brackets in its canonical form. Only literals
     * are parsed as addresses; a name is never looked up (that is what a rebinding attacker controls).
     */
    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        try {
            if (h.matches("\\[[0-9a-f:.]+]")) {
                return literal(InetAddress.getByName(h.substring(1, h.length() - 1)));
            }
            if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                return literal(InetAddress.getByName(h));
            }
        } catch (IOException e) {
            return h;
        }
        return h;
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return text.contains(":") ? "[" + text + "]" : text;
    }

    // ---- the page's traffic ----

    private void stream(HttpExchange exchange) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            problem(exchange, 503, "too many viewers");
            return;
        }
        secure(exchange);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(1000);
        clients.add(queue);
        OutputStream out = exchange.getResponseBody();
        try {
            write(out, "page", JSON.writeValueAsString(pageEvent(session().currentPage())));
            while (true) {
                String message = queue.poll(15, TimeUnit.SECONDS);
                out.write((message == null ? ": keep-alive\n\n" : message).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the viewer went away
        } finally {
            clients.remove(queue);
        }
    }

    private static void write(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void broadcast(String event, Object data) {
        String message;
        try {
            message = "event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (BlockingQueue<String> client : clients) {
            if (!client.offer(message)) {
                clients.remove(client); // a viewer too slow to keep up reconnects and gets the whole page
            }
        }
    }

    private void event(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        if (body == null) {
            return;
        }
        String type = body.path("type").asText("");
        String target = body.path("target").asText("");
        if (target.isEmpty() || target.length() > 200) {
            problem(exchange, 400, "target: an element id or @path is required");
            return;
        }
        CompletableFuture<PageView> done = switch (type) {
            case "tap" -> session().tap(target);
            case "input" -> session().input(target, body.path("value").asText(""));
            default -> null;
        };
        if (done == null) {
            problem(exchange, 400, "type: 'tap' or 'input'");
            return;
        }
        settle(exchange, done);
    }

    private void navigate(HttpExchange exchange, boolean open) throws IOException {
        if (open) {
            JsonNode body = body(exchange);
            if (body == null) {
                return;
            }
            String url = body.path("url").asText("");
            if (url.isEmpty()) {
                problem(exchange, 400, "url is required");
                return;
            }
            settle(exchange, session().open(url));
        } else {
            settle(exchange, session().back());
        }
    }

    private void settle(HttpExchange exchange, CompletableFuture<PageView> done) throws IOException {
        try {
            done.get(30, TimeUnit.SECONDS);
            secure(exchange);
            exchange.sendResponseHeaders(204, -1);
        } catch (ExecutionException e) {
            // An ExecutionException carries the failure as its cause.
            Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
            while (cause.getCause() != null
                    && !(cause instanceof ScriptError)
                    && !(cause instanceof SandboxViolation)) {
                cause = cause.getCause();
            }
            problem(exchange, 422, String.valueOf(cause.getMessage()));
        } catch (TimeoutException e) {
            problem(exchange, 504, "the mini-program did not answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(exchange, 503, "interrupted");
        }
    }

    /** The request's JSON object, or null after answering the problem with it. */
    private @Nullable JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            problem(exchange, 413, "a request body is at most " + MAX_BODY + " bytes");
            return null;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                problem(exchange, 400, "the body must be a JSON object");
                return null;
            }
            return node;
        } catch (IOException e) {
            problem(exchange, 400, "the body is not JSON");
            return null;
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", JSON.writeValueAsString(problem));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        secure(exchange);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Headers every answer carries, so no response of this host is an exception a browser could be led to. */
    private static void secure(HttpExchange exchange) {
        // The running mini-program's policy, once it is known (set on the context at launch).
        Object policy = exchange.getHttpContext().getAttributes().get(CSP_ATTRIBUTE);
        exchange.getResponseHeaders()
                .set("Content-Security-Policy", policy instanceof String csp ? csp : CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    private static Map<String, Object> pageEvent(PageView page) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("path", page.path());
        event.put("title", page.title());
        event.put("style", page.style());
        event.put("html", page.html());
        return event;
    }

    // ---- what the runtime tells the host ----

    private RuntimeListener listener() {
        return new RuntimeListener() {
            @Override
            public void onPage(MiniProgramSession s, PageView page, List<Rendered.Patch> patches) {
                if (patches.isEmpty()) {
                    broadcast("page", pageEvent(page));
                } else {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (Rendered.Patch p : patches) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("op", p.op());
                        m.put("path", p.path());
                        m.put("html", p.html());
                        m.put("attributes", p.attributes());
                        list.add(m);
                    }
                    broadcast("patch", Map.of("path", page.path(), "patches", list));
                }
            }

            @Override
            public void onViolation(SandboxViolation violation) {
                broadcast(
                        "notice",
                        Map.of("kind", "violation", "text", violation.kind() + ": " + violation.getMessage()));
            }

            @Override
            public void onPolicyDenied(PolicyDenial denial) {
                broadcast("notice", Map.of("kind", "denied", "text", denial.api() + ": " + denial.reason()));
            }

            @Override
            public void onScriptError(String miniProgramId, ScriptError error) {
                broadcast("notice", Map.of("kind", "error", "text", error.getMessage()));
            }

            @Override
            public void onLog(String miniProgramId, String level, String message) {
                broadcast("notice", Map.of("kind", "log", "text", message));
            }
        };
    }

    private HostUi ui() {
        return new HostUi() {
            @Override
            public void showToast(String miniProgramId, Toast toast) {
                broadcast("notice", Map.of("kind", "toast", "text", toast.title()));
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        MiniProgramSession running = session;
        if (running != null) {
            running.close();
        }
        executor.shutdownNow();
    }
}
