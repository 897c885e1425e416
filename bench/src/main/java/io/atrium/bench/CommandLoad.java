package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Drives commands over HTTP with N concurrent clients on keep-alive connections, and reports
 * commands/s, p50/p99 and the server's CPU per command over the measured window. Three mixes:
 *
 * <ul>
 *   <li>{@code lifecycle}: each client loops through create, update details, upload (a distinct package
 *       each time), submit, approve, release, delist, relist; the window's figures are for the mix, and
 *       each type's count and latencies are printed beside them.
 *   <li>{@code light}: the lightest command, a details update ({@code PATCH /mini-programs/{id}}) with a
 *       new description each time (so each appends an event), across 16 mini-programs.
 *   <li>{@code each}: every lifecycle command type in a window of its own, one after the other, so each
 *       type's CPU per command is measured rather than guessed from the mix. A type's aggregates come
 *       from the phase before it (create feeds upload, upload feeds submit, and so on); a phase ends
 *       early when they run out, and its window is what it measured.
 *   <li>{@code floor}: no command at all, {@code GET /api/v1/me} with a key: what the HTTP stack costs
 *       a request before any command work, the floor under every command's figure.
 * </ul>
 *
 * <p>Every answer is checked: a 202 naming the aggregate asked for and a position above zero. Any other
 * answer, or a client error, makes the run not valid: it exits non-zero.
 */
final class CommandLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The lifecycle's command types, in the order a mini-program goes through them. */
    static final List<String> TYPES =
            List.of("create", "update", "upload", "submit", "approve", "release", "delist", "relist");

    /** The light mix's mini-programs: as many as the measurement used. */
    private static final int LIGHT_TARGETS = 16;

    /** A phase of {@code each} measures at least this many commands, or the run is not valid. */
    private static final int MIN_PHASE_COMMANDS = 200;

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

    /** Why an answer was not what the command should answer: the first few, for the report. */
    private final Queue<String> wrongAnswers = new ConcurrentLinkedQueue<>();

    private final AtomicLong descriptions = new AtomicLong();

    /** The longest warm-up before the server's JIT must have settled; 0 warms for {@code --warmup} only. */
    private final int maxWarmup;

    private CommandLoad(String url, int maxWarmup) {
        this.maxWarmup = maxWarmup;
        URI base = URI.create(url);
        this.api = (base.getPath() == null ? "" : base.getPath()) + "/api/v1";
        this.connections = ThreadLocal.withInitial(() -> new PlainHttpConnection(base));
    }

    static int run(
            String url,
            String owner,
            String mix,
            int clients,
            int seconds,
            int warmup,
            int maxWarmup,
            Pacer pacer,
            ProcessCpu server,
            ProcessCpu store)
            throws Exception {
        if (pacer.paced() && !(mix.equals("light") || mix.equals("floor"))) {
            throw new IllegalArgumentException("--rate paces the light and floor mixes only, not " + mix);
        }
        CommandLoad load = new CommandLoad(url, maxWarmup);
        Http setup = new Http(url);
        load.dev = setup.key(owner, "developer");
        load.reviewer = setup.key(owner, "reviewer");
        load.operator = setup.key(owner, "operator");
        return switch (mix) {
            case "lifecycle" -> load.lifecycle(clients, seconds, warmup, server, store);
            case "light" -> load.light(setup, clients, seconds, warmup, pacer, server, store);
            case "each" -> load.each(clients, seconds, warmup, server, store);
            case "floor" -> load.floor(clients, seconds, warmup, pacer, server, store);
            default -> throw new IllegalArgumentException("--mix takes lifecycle, light, each or floor, not " + mix);
        };
    }

    // ---- lifecycle: the mix ----

    private int lifecycle(int clients, int seconds, int warmup, ProcessCpu server, ProcessCpu store)
            throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        Map<String, List<Latencies>> byType = new ConcurrentHashMap<>();
        LoadRun.Result result = LoadRun.run(
                clients,
                warmup,
                maxWarmup,
                seconds,
                "client",
                server,
                store,
                // A window discarded for the JIT takes its per-type latencies with it.
                // Each list is a synchronized list, whose forEach holds its lock.
                () -> byType.values().forEach(lists -> lists.forEach(Latencies::clear)),
                (latencies, measuring, stop) -> {
                    Map<String, Latencies> mine = new LinkedHashMap<>();
                    for (String type : TYPES) {
                        Latencies l = new Latencies();
                        mine.put(type, l);
                        byType.computeIfAbsent(type, t -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(l);
                    }
                    while (!stop.get()) {
                        lifecycleOnce(latencies, mine, measuring, failures, stop);
                    }
                });
        System.out.printf(
                "commands: mix=lifecycle clients=%d seconds=%.1f failures=%d %s%n",
                clients, result.seconds(), failures.get(), result.summary("commands"));
        for (String type : TYPES) {
            long[] sorted = Latencies.merged(byType.getOrDefault(type, List.of()));
            System.out.printf(
                    "  %-8s count=%d p50=%.2fms p99=%.2fms%n",
                    type,
                    sorted.length,
                    Latencies.percentileMillis(sorted, 50),
                    Latencies.percentileMillis(sorted, 99));
        }
        return report(result, failures.get(), server, store, "command");
    }

    private void lifecycleOnce(
            Latencies all,
            Map<String, Latencies> byType,
            AtomicBoolean measuring,
            AtomicLong failures,
            AtomicBoolean stop) {
        Step step = (type, call) -> timed(all, byType.get(type), measuring, failures, null, System.nanoTime(), call);
        String mp = step.run("create", () -> send("POST", "/mini-programs", dev, newProgram()));
        if (mp == null || stop.get()) {
            return;
        }
        String base = "/mini-programs/" + mp;
        for (String type : TYPES.subList(1, TYPES.size())) {
            if (step.run(type, () -> command(type, mp, base)) == null || stop.get()) {
                return;
            }
        }
    }

    private interface Step {
        @Nullable
        String run(String type, Call call);
    }

    // ---- light: one details update after another ----

    private int light(
            Http setup, int clients, int seconds, int warmup, Pacer pacer, ProcessCpu server, ProcessCpu store)
            throws Exception {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < LIGHT_TARGETS; i++) {
            targets.add(setup.accepted("POST", "/api/v1/mini-programs", dev, newProgram())
                    .get("id")
                    .asText());
        }
        AtomicLong failures = new AtomicLong();
        AtomicLong next = new AtomicLong();
        Map<String, Long> batchesBefore = new ConcurrentHashMap<>();
        Runnable atWindowOpen = () -> {
            batchesBefore.putAll(ProjectionBatches.read(setup));
            pacer.start();
        };
        LoadRun.Result result =
                pacedRun(clients, warmup, seconds, atWindowOpen, server, store, (latencies, measuring, stop) -> {
                    while (!stop.get()) {
                        long slot = pacer.awaitSlot();
                        String mp = targets.get((int) (next.getAndIncrement() % targets.size()));
                        timed(
                                latencies,
                                null,
                                measuring,
                                failures,
                                mp,
                                slot,
                                () -> command("update", mp, "/mini-programs/" + mp));
                    }
                });
        System.out.printf(
                "commands: mix=light (PATCH details across %d mini-programs) clients=%d%s seconds=%.1f failures=%d %s%n",
                targets.size(), clients, offered(pacer), result.seconds(), failures.get(), result.summary("commands"));
        System.out.println("projection batches in the window (read at its edges): "
                + ProjectionBatches.line(
                        batchesBefore, ProjectionBatches.read(setup), result.sortedMicros().length, result.seconds()));
        int code = report(result, failures.get(), server, store, "command");
        return pacer.paced() ? paced(code, pacer, result, server) : code;
    }

    /** A load the light and floor mixes share: settled as configured, paced from the window's opening. */
    private LoadRun.Result pacedRun(
            int clients,
            int warmup,
            int seconds,
            Runnable atWindowOpen,
            ProcessCpu server,
            ProcessCpu store,
            LoadRun.Client client)
            throws InterruptedException {
        return LoadRun.run(clients, warmup, maxWarmup, seconds, "client", server, store, atWindowOpen, client);
    }

    // ---- floor: what a request costs before any command work ----

    /** How long the server's CPU is read with no load, after the floor's window. */
    private static final int IDLE_SECONDS = 10;

    /**
     * {@code GET /api/v1/me} with the developer's key, one after the other: Netty, WebFlux, Spring
     * Security's chain with the key check, the security log's filter and a JSON answer, and nothing
     * else (the route answers from the authenticated caller: no read, no command). Roughly what a
     * command pays for the HTTP stack alone: it has no body to decode and no hand-off to a command
     * thread, but an ETag to hash and a GET's sensitive-route check. The server's CPU with no load at all is read
     * afterwards over {@value #IDLE_SECONDS} s and printed beside it: the background (projections'
     * polls, the snapshot) that the window's figure includes.
     */
    private int floor(int clients, int seconds, int warmup, Pacer pacer, ProcessCpu server, ProcessCpu store)
            throws Exception {
        AtomicLong failures = new AtomicLong();
        PlainHttpConnection.Response first = send("GET", "/me", dev, null);
        String actor = first.status() == 200
                ? JSON.readTree(first.body()).path("actor").asText("")
                : "";
        if (!actor.startsWith("key-")) {
            throw new IllegalStateException("GET /api/v1/me answered " + first.status() + ": "
                    + new String(first.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        LoadRun.Result result =
                pacedRun(clients, warmup, seconds, pacer::start, server, store, (latencies, measuring, stop) -> {
                    while (!stop.get()) {
                        whoAmI(actor, latencies, measuring, failures, pacer.awaitSlot());
                    }
                });
        System.out.printf(
                "requests: mix=floor (GET /api/v1/me) clients=%d%s seconds=%.1f failures=%d %s%n",
                clients, offered(pacer), result.seconds(), failures.get(), result.summary("requests"));
        int code = report(result, failures.get(), server, store, "request");
        if (pacer.paced()) {
            return paced(code, pacer, result, server);
        }
        printIdle(server);
        return code;
    }

    private static String offered(Pacer pacer) {
        return pacer.paced() ? String.format(" offered=%.1f/s", pacer.perSecond()) : "";
    }

    /**
     * A paced window's verdict: not valid when it fell short of the offered rate (it then measured a
     * saturated load). Otherwise the idle server's CPU is printed beside it, and the figure net of that
     * background: at a low rate the background is a larger share of each operation than under saturation.
     */
    private int paced(int code, Pacer pacer, LoadRun.Result result, ProcessCpu server) throws InterruptedException {
        if (!pacer.keptUp(result.rate())) {
            System.err.printf(
                    "bench: not a valid run: %.1f/s offered, %.1f/s achieved (below 95 %%): the load was not paced%n",
                    pacer.perSecond(), result.rate());
            return 1;
        }
        ProcessCpu.Used idle = printIdle(server);
        if (code == 0 && server.present()) {
            double ops = result.sortedMicros().length;
            double backgroundSeconds =
                    idle.cpuSeconds() / idle.wallSeconds() * result.serverCpu().wallSeconds();
            double net = (result.serverCpu().cpuSeconds() - backgroundSeconds) * 1000 / ops;
            System.out.printf(
                    "server CPU net of the idle background: %.3f ms per operation (background %.3f ms of each)%s%n",
                    net,
                    backgroundSeconds * 1000 / ops,
                    net < 0 ? "; below zero: the idle reading was not idle, so no net figure holds" : "");
        }
        return code;
    }

    /** Reads the server's CPU with no load over {@value #IDLE_SECONDS} s, after a 2 s pause, and prints it. */
    private static ProcessCpu.Used printIdle(ProcessCpu server) throws InterruptedException {
        Thread.sleep(2_000);
        ProcessCpu.Window idle = server.start();
        Thread.sleep(IDLE_SECONDS * 1000L);
        ProcessCpu.Used used = idle.end();
        System.out.printf(
                "server CPU with no load: %.2f s over %.2f s (%.3f cores)%n",
                used.cpuSeconds(), used.wallSeconds(), used.cpuSeconds() / used.wallSeconds());
        return used;
    }

    /** One {@code GET /api/v1/me}, checked: a 200 naming the developer key's actor. */
    private void whoAmI(String actor, Latencies latencies, AtomicBoolean measuring, AtomicLong failures, long start) {
        boolean counted = measuring.get();
        try {
            PlainHttpConnection.Response response = send("GET", "/me", dev, null);
            long micros = (System.nanoTime() - start) / 1000;
            String problem = null;
            if (response.status() != 200) {
                problem = "status " + response.status() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            } else if (!JSON.readTree(response.body()).path("actor").asText("").equals(actor)) {
                problem =
                        "not " + actor + " in " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (problem != null) {
                if (counted) {
                    failures.incrementAndGet();
                }
                if (wrongAnswers.size() < 5) {
                    wrongAnswers.add(problem);
                }
                return;
            }
            if (counted && measuring.get()) {
                latencies.add(micros);
            }
        } catch (IOException e) {
            connections.get().close();
            if (counted) {
                failures.incrementAndGet();
            }
        }
    }

    // ---- each: one window per command type ----

    private int each(int clients, int seconds, int warmup, ProcessCpu server, ProcessCpu store)
            throws InterruptedException {
        if (maxWarmup > 0) {
            settleOnLifecycle(clients, warmup, server);
        }
        Queue<String> in = new ConcurrentLinkedQueue<>();
        List<String> hot = new ArrayList<>();
        boolean valid = true;
        List<String> table = new ArrayList<>();
        for (String type : TYPES) {
            Queue<String> out = new ConcurrentLinkedQueue<>();
            Queue<String> source = in;
            List<String> updateTargets = List.copyOf(hot);
            AtomicLong next = new AtomicLong();
            Phase phase = new Phase(type, clients, warmup, seconds, server, store);
            PhaseResult r = phase.run(source.size(), () -> switch (type) {
                case "create" -> {
                    String mp = timedCommand(phase, null, () -> send("POST", "/mini-programs", dev, newProgram()));
                    if (mp != null) {
                        out.add(mp);
                    }
                    yield true;
                }
                case "update" -> {
                    String mp = updateTargets.get((int) (next.getAndIncrement() % updateTargets.size()));
                    timedCommand(phase, mp, () -> command(type, mp, "/mini-programs/" + mp));
                    yield true;
                }
                default -> {
                    String mp = source.poll();
                    if (mp == null) {
                        yield false;
                    }
                    if (timedCommand(phase, mp, () -> command(type, mp, "/mini-programs/" + mp)) != null) {
                        out.add(mp);
                    }
                    yield true;
                }
            });
            if (type.equals("create")) {
                // The update phase works on a few programs, as the light mix does; upload takes the rest.
                for (int i = 0; i < LIGHT_TARGETS && !out.isEmpty(); i++) {
                    hot.add(out.poll());
                }
            }
            if (!type.equals("update")) {
                in = out;
            }
            String line = r.line(type);
            table.add(line);
            System.out.println(line);
            if (!r.valid()) {
                valid = false;
                System.err.println("bench: phase " + type + " is not valid: " + r.why());
            }
        }
        if (!wrongAnswers.isEmpty()) {
            System.err.println("bench: wrong answers, e.g. " + List.copyOf(wrongAnswers));
            valid = false;
        }
        if (!valid) {
            System.err.println("bench: not a valid run");
            return 1;
        }
        return 0;
    }

    /**
     * Before the first phase: the whole lifecycle runs (nothing measured) until the server's JIT has
     * settled, so every type's code is compiled before any type's window opens. A phase's own warm-up
     * is short, bounded by its supply of aggregates, and cannot wait minutes for the one C2 thread.
     */
    private void settleOnLifecycle(int clients, int warmup, ProcessCpu server) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean never = new AtomicBoolean();
        AtomicLong uncounted = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            new Thread(
                            () -> {
                                Latencies unused = new Latencies();
                                Map<String, Latencies> byType = new LinkedHashMap<>();
                                TYPES.forEach(t -> byType.put(t, unused));
                                try {
                                    while (!stop.get()) {
                                        lifecycleOnce(unused, byType, never, uncounted, stop);
                                    }
                                } catch (RuntimeException e) {
                                    wrongAnswers.add("warm-up: " + e);
                                } finally {
                                    finished.countDown();
                                }
                            },
                            "settle-" + i)
                    .start();
        }
        try {
            LoadRun.settle(server, warmup, maxWarmup);
        } finally {
            stop.set(true);
            finished.await();
        }
        // A wrong answer in the warm-up is in wrongAnswers, and makes the run not valid at its end.
    }

    /** One type's window: warm-up, then measured until its seconds pass or its aggregates run out. */
    private final class Phase {
        final String type;
        final int clients;
        final int warmup;
        final int seconds;
        final ProcessCpu server;
        final ProcessCpu store;
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final List<Latencies> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final ThreadLocal<Latencies> mine = ThreadLocal.withInitial(() -> {
            Latencies l = new Latencies();
            latencies.add(l);
            return l;
        });

        Phase(String type, int clients, int warmup, int seconds, ProcessCpu server, ProcessCpu store) {
            this.type = type;
            this.clients = clients;
            this.warmup = warmup;
            this.seconds = seconds;
            this.server = server;
            this.store = store;
        }

        /** Runs {@code once} on every client until it answers false (nothing left) or the window closes. */
        PhaseResult run(int available, java.util.function.BooleanSupplier once) throws InterruptedException {
            CountDownLatch finished = new CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                new Thread(
                                () -> {
                                    try {
                                        while (!stop.get() && once.getAsBoolean()) {
                                            done.incrementAndGet();
                                        }
                                    } catch (RuntimeException e) {
                                        wrongAnswers.add(type + ": " + e);
                                    } finally {
                                        finished.countDown();
                                    }
                                },
                                type + "-" + i)
                        .start();
            }
            // Warm up for the seconds asked, or until a third of a limited supply is used: what is left
            // is the window's.
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
            while (System.nanoTime() < warmEnd
                    && (available == 0 || done.get() < available / 3)
                    && finished.getCount() > 0) {
                Thread.sleep(20);
            }
            ProcessCpu.Window cpu = server.start();
            ProcessCpu.Window storeCpu = store.start();
            measuring.set(true);
            long start = System.nanoTime();
            boolean ranOut = finished.await(seconds, TimeUnit.SECONDS);
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            ProcessCpu.Used used = cpu.end();
            ProcessCpu.Used storeUsed = storeCpu.end();
            stop.set(true);
            finished.await();
            return new PhaseResult(
                    Latencies.merged(latencies), elapsed / 1e9, ranOut, failures.get(), used, storeUsed, store);
        }
    }

    private record PhaseResult(
            long[] sorted,
            double seconds,
            boolean ranOut,
            long failures,
            ProcessCpu.Used server,
            ProcessCpu.Used storeUsed,
            ProcessCpu store) {

        boolean valid() {
            return why().isEmpty();
        }

        String why() {
            if (failures > 0) {
                return failures + " commands were not accepted";
            }
            if (sorted.length < MIN_PHASE_COMMANDS) {
                return "only " + sorted.length + " commands measured (at least " + MIN_PHASE_COMMANDS + ")";
            }
            return "";
        }

        String line(String type) {
            String cpu = server.line("server", sorted.length, "command");
            String storePart = store.present() ? "; " + storeUsed.line("store", sorted.length, "command") : "";
            // What of the window's CPU was the JIT still compiling (this type's code, if it was new).
            String jit = server.compilerRead()
                    ? String.format("; JIT %.2f s (%.1f %%)", server.compilerSeconds(), server.compilerPercent())
                    : "";
            return String.format(
                    "type=%-8s commands=%d seconds=%.1f%s rate=%.1f/s p50=%.2fms p99=%.2fms failures=%d | %s%s%s",
                    type,
                    sorted.length,
                    seconds,
                    ranOut ? " (its aggregates ran out)" : "",
                    sorted.length / seconds,
                    Latencies.percentileMillis(sorted, 50),
                    Latencies.percentileMillis(sorted, 99),
                    failures,
                    cpu,
                    jit,
                    storePart);
        }
    }

    private @Nullable String timedCommand(Phase phase, @Nullable String expected, Call call) {
        return timed(null, phase.mine.get(), phase.measuring, phase.failures, expected, System.nanoTime(), call);
    }

    // ---- the commands ----

    private PlainHttpConnection.Response command(String type, String mp, String base) throws IOException {
        return switch (type) {
            case "update" ->
                send("PATCH", base, dev, Map.of("description", "benchmarked " + descriptions.incrementAndGet()));
            case "upload" -> upload(mp, "1.0.0");
            case "submit" -> send("POST", base + "/versions/1.0.0/submit", dev, null);
            case "approve" -> send("POST", base + "/versions/1.0.0/approve", reviewer, null);
            case "release" -> send("POST", base + "/release", operator, Map.of("version", "1.0.0"));
            case "delist" -> send("POST", base + "/delist", operator, Map.of("reason", "bench"));
            case "relist" -> send("POST", base + "/relist", operator, null);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Map<String, String> newProgram() {
        return Map.of("name", "Bench", "category", "tools");
    }

    private interface Call {
        PlainHttpConnection.Response call() throws IOException;
    }

    /**
     * Runs one command and checks its answer: a 202 whose id is {@code expected} (when given) and whose
     * position is above zero. Records its latency, measured from {@code start} (now, or a paced load's
     * slot), in {@code all} and {@code byType} (either may be null) when it began and ended inside the
     * window. Answers the aggregate's id, or null when it failed.
     */
    private @Nullable String timed(
            @Nullable Latencies all,
            @Nullable Latencies byType,
            AtomicBoolean measuring,
            AtomicLong failures,
            @Nullable String expected,
            long start,
            Call call) {
        boolean counted = measuring.get();
        try {
            PlainHttpConnection.Response response = call.call();
            long micros = (System.nanoTime() - start) / 1000;
            String problem = null;
            String id = null;
            if (response.status() != 202) {
                problem = "status " + response.status() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            } else {
                JsonNode body = JSON.readTree(response.body());
                id = body.path("id").asText("");
                if (id.isEmpty() || (expected != null && !expected.equals(id))) {
                    problem = "answered id " + id + " for " + expected;
                } else if (body.path("position").asLong(0) <= 0) {
                    problem = "no position in " + body;
                }
            }
            if (problem != null) {
                if (counted) {
                    failures.incrementAndGet();
                }
                if (wrongAnswers.size() < 5) {
                    wrongAnswers.add(problem);
                }
                return null;
            }
            if (counted && measuring.get()) {
                if (all != null) {
                    all.add(micros);
                }
                if (byType != null) {
                    byType.add(micros);
                }
            }
            return id;
        } catch (IOException e) {
            connections.get().close();
            if (counted) {
                failures.incrementAndGet();
            }
            return null;
        }
    }

    /** Prints the window's CPU lines; answers the exit code: not valid when anything failed. */
    private int report(LoadRun.Result result, long failures, ProcessCpu server, ProcessCpu store, String unit) {
        System.out.println(result.serverCpu().line("server", result.sortedMicros().length, unit));
        ProcessCpu.Used serverCpu = result.serverCpu();
        if (serverCpu.compilerRead()) {
            // What of the window's CPU was still the JIT compiling: start-up the warm-up did not finish.
            System.out.printf(
                    "of which the server's JIT compiler threads: %.2f s (%.1f %% of its CPU in the window)%n",
                    serverCpu.compilerSeconds(), serverCpu.compilerPercent());
            // The figure an A/B compares beside the gross one: what compiling took is not the build's
            // steady cost, though code still being compiled may also have run slower than it will.
            int ops = result.sortedMicros().length;
            if (ops > 0) {
                System.out.printf(
                        "server CPU net of the JIT: %.3f ms per %s%n", serverCpu.millisNetOfCompilerPer(ops), unit);
            }
        }
        if (store.present()) {
            System.out.println(result.storeCpu().line("store", result.sortedMicros().length, unit));
        }
        if (failures > 0 || !result.errors().isEmpty() || !wrongAnswers.isEmpty()) {
            System.err.println("bench: not a valid run: " + failures + " commands not accepted, client errors "
                    + result.errors() + ", wrong answers e.g. " + List.copyOf(wrongAnswers));
            return 1;
        }
        return 0;
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
