package io.atrium.search.crawler;

import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.sdk.packaging.OpenedPackage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PackageCrawler} that crawls in a worker process: a separate JVM ({@link CrawlWorker})
 * with a heap, a thread stack and one processor of its own, started with the same java binary and
 * classpath as this one (through the Spring Boot launcher when this JVM runs from an executable
 * jar), with an empty environment, its own storage folder as working directory, and, where
 * {@code /usr/bin/nice} exists, a lower scheduling priority.
 *
 * <p>The server opens and verifies the sealed package as before and sends the worker the
 * plaintext files and the limits over the worker's stdin; the worker streams each page back as it
 * is rendered, then the result ({@link CrawlWorkerProtocol}). One worker serves crawl after crawl
 * (a JVM's cold start costs more than many crawls), and is replaced when:
 * <ul>
 *   <li>it dies (out of memory: it runs with {@code -XX:+ExitOnOutOfMemoryError}), or exits;</li>
 *   <li>a crawl overruns its time limit plus {@code grace}: a watchdog kills it with
 *       {@link Process#destroyForcibly()}, which is also what bounds the CPU a crawl can take;</li>
 *   <li>it sends a frame that is too long, malformed, or breaks the limits of what a crawl can
 *       answer (more pages than allowed, oversized text): it is not trusted any further.</li>
 * </ul>
 * Each of these ends the crawl in hand as {@linkplain Crawler.Result#failed() failed} with its
 * reason and the pages received until then; the next crawl starts a fresh worker.
 *
 * <p>What the worker answers can only be pages of the package the server sent: the server, not
 * the worker, decides which mini-program, version and tenant they are indexed under.
 */
public final class WorkerProcessCrawler implements PackageCrawler {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcessCrawler.class);
    static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    /** Bounds on what one answer may hold; an honest crawl stays well inside them. */
    static final int MAX_TEXT = 4 << 20;

    static final int MAX_STRING = 64 << 10;
    static final int MAX_LIST = 10_000;
    private static final int STDERR_LINE = 2_000;
    private static final int STDERR_LINES_PER_MINUTE = 100;

    /**
     * How the worker runs.
     *
     * @param limits       each crawl's limits
     * @param sandbox      the sandbox limits of each page's logic
     * @param storageDir   the worker's working folder and the mini-programs' storage
     * @param heap         {@code -Xmx}, e.g. {@code 256m}
     * @param stack        {@code -Xss}, e.g. {@code 1m}
     * @param nice         the niceness the worker runs at (0: as the server)
     * @param grace        how long past a crawl's time limit the worker is killed
     * @param startTimeout how long a starting worker may take to say it is ready
     * @param jvmOptions   more options for the worker's JVM
     */
    public record Settings(
            Crawler.Limits limits,
            SandboxLimits sandbox,
            Path storageDir,
            String heap,
            String stack,
            int nice,
            Duration grace,
            Duration startTimeout,
            List<String> jvmOptions) {

        public static Settings of(Crawler.Limits limits, Path storageDir) {
            return new Settings(
                    limits,
                    SandboxLimits.DEFAULT,
                    storageDir,
                    "256m",
                    "1m",
                    10,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    List.of());
        }

        public Settings withHeap(String heap) {
            return new Settings(limits, sandbox, storageDir, heap, stack, nice, grace, startTimeout, jvmOptions);
        }

        public Settings withSandbox(SandboxLimits sandbox) {
            return new Settings(limits, sandbox, storageDir, heap, stack, nice, grace, startTimeout, jvmOptions);
        }

        public Settings withGrace(Duration grace) {
            return new Settings(limits, sandbox, storageDir, heap, stack, nice, grace, startTimeout, jvmOptions);
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atrium-crawl-worker-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Written under this object's lock; read without it by {@link #close()}, which must not wait for a crawl. */
    private volatile @Nullable Worker worker;

    private volatile boolean closed;
    private int started;

    public WorkerProcessCrawler(Settings settings) {
        this.settings = settings;
    }

    /** How many worker processes were started so far (one, plus one per replacement). */
    public synchronized int workersStarted() {
        return started;
    }

    /** The running worker's process id, if one is running. */
    public synchronized Optional<Long> workerPid() {
        return worker != null && worker.process.isAlive() ? Optional.of(worker.process.pid()) : Optional.empty();
    }

    @Override
    public synchronized Crawler.Result crawl(OpenedPackage pkg, Crawler.Progress progress) {
        if (closed) {
            return new Crawler.Result(List.of(), List.of(), "the crawler was closed");
        }
        Map<String, byte[]> files;
        try {
            files = Crawler.files(pkg);
        } catch (RuntimeException e) {
            return new Crawler.Result(List.of(), List.of(), "the package does not decrypt: " + e.getMessage());
        }
        Crawler.Limits limits = settings.limits();
        CrawlWorkerProtocol.Request request = new CrawlWorkerProtocol.Request(
                pkg.manifest().miniProgramId(),
                pkg.manifest().version(),
                files,
                limits.maxPages(),
                limits.maxDepth(),
                limits.maxTime().toMillis(),
                CrawlWorkerProtocol.Sandbox.of(settings.sandbox()));
        files = null;
        Worker running = worker;
        if (running == null || !running.process.isAlive()) {
            stopWorker();
            try {
                running = startWorker();
                worker = running;
            } catch (IOException e) {
                stopWorker();
                return new Crawler.Result(List.of(), List.of(), "the crawl worker does not start: " + e.getMessage());
            }
        }
        Worker w = running;
        List<Crawler.Page> pages = new ArrayList<>();
        List<Crawler.Failure> failures = List.of();
        AtomicBoolean overran = new AtomicBoolean();
        ScheduledFuture<?> kill = watchdog.schedule(
                () -> {
                    overran.set(true);
                    w.process.destroyForcibly();
                },
                limits.maxTime().plus(settings.grace()).toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            CrawlWorkerProtocol.write(w.stdin, request);
            request = null;
            while (true) {
                CrawlWorkerProtocol.Reply reply = CrawlWorkerProtocol.read(w.stdout, CrawlWorkerProtocol.Reply.class);
                if (reply == null) {
                    throw new java.io.EOFException("the worker's output ended");
                }
                switch (String.valueOf(reply.type())) {
                    case "page" -> {
                        Crawler.Page page = checked(reply.page());
                        if (pages.size() >= limits.maxPages()) {
                            throw new CrawlWorkerProtocol.MalformedFrame(
                                    "more pages than the crawl's limit of " + limits.maxPages());
                        }
                        pages.add(page);
                        progress.page(page);
                    }
                    case "progress" -> {
                        if (reply.failures() != null) {
                            failures = checked(reply.failures());
                        }
                        if (reply.done() == null
                                || reply.known() == null
                                || reply.done() < 0
                                || reply.known() < reply.done()) {
                            throw new CrawlWorkerProtocol.MalformedFrame("progress without sensible counts");
                        }
                        progress.update(reply.done(), reply.known(), failures);
                    }
                    case "result" -> {
                        failures = reply.failures() == null ? failures : checked(reply.failures());
                        String failedBecause = reply.failedBecause() == null ? null : clip(reply.failedBecause());
                        return new Crawler.Result(
                                List.copyOf(pages), failures, failedBecause, checked(reply.refused()));
                    }
                    default ->
                        throw new CrawlWorkerProtocol.MalformedFrame(
                                "a frame of type " + clip(String.valueOf(reply.type())));
                }
            }
        } catch (IOException | RuntimeException e) {
            String reason = closed
                    ? "the crawler was closed during the crawl"
                    : overran.get()
                            ? "the crawl exceeded its " + InProcessCrawler.seconds(limits.maxTime())
                                    + " s limit and its worker was stopped"
                            : why(w, e);
            LOG.warn(
                    "crawl of {}@{} failed: {}",
                    pkg.manifest().miniProgramId(),
                    pkg.manifest().version(),
                    reason);
            stopWorker();
            return new Crawler.Result(List.copyOf(pages), failures, reason);
        } finally {
            kill.cancel(false);
        }
    }

    /** Why a worker stopped answering: it died (and how), or it said something it may not. */
    private static String why(Worker w, Exception e) {
        // A dying JVM may still write to stdout (its own last words), which then reads as a bad
        // frame: if the worker exits right after, that, not the frame, is the reason.
        try {
            w.process.waitFor(e instanceof CrawlWorkerProtocol.MalformedFrame ? 500 : 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        if (w.process.isAlive()) {
            return e instanceof CrawlWorkerProtocol.MalformedFrame
                    ? "the crawl worker answered a malformed frame (" + clip(String.valueOf(e.getMessage()))
                            + ") and was stopped"
                    : "the crawl worker stopped answering (" + clip(String.valueOf(e.getMessage()))
                            + ") and was stopped";
        }
        // -XX:+ExitOnOutOfMemoryError exits with 3 and says so.
        if (w.process.exitValue() == 3 || w.stderr.mentions("OutOfMemoryError")) {
            return "the crawl worker ran out of memory (heap " + w.heap + ")";
        }
        return "the crawl worker died (exit code " + w.process.exitValue() + ")";
    }

    /** A page as the worker sent it, which may be anything: null, or with fields missing. */
    private static Crawler.Page checked(Crawler.@Nullable Page page) throws CrawlWorkerProtocol.MalformedFrame {
        if (page == null
                || page.pagePath() == null
                || page.pagePath().isBlank()
                || page.query() == null
                || page.headings() == null
                || page.text() == null
                || page.links() == null) {
            throw new CrawlWorkerProtocol.MalformedFrame("a page with fields missing");
        }
        if (page.text().length() > MAX_TEXT
                || page.headings().size() > MAX_LIST
                || page.links().size() > MAX_LIST
                || page.query().size() > MAX_LIST) {
            throw new CrawlWorkerProtocol.MalformedFrame("a page larger than a crawl can render");
        }
        long strings = (long) page.pagePath().length()
                + (page.title() == null ? 0 : page.title().length());
        for (String s : page.headings()) {
            strings += s == null ? MAX_STRING + 1 : s.length();
        }
        for (Map.Entry<String, String> q : page.query().entrySet()) {
            if (q.getKey() == null
                    || q.getValue() == null
                    || q.getKey().length() + q.getValue().length() > MAX_STRING) {
                throw new CrawlWorkerProtocol.MalformedFrame("a page with an unreadable query");
            }
        }
        if (page.pagePath().length() > MAX_STRING
                || (page.title() != null && page.title().length() > MAX_STRING)
                || page.headings().stream().anyMatch(h -> h == null || h.length() > MAX_STRING)
                || page.links().stream().anyMatch(l -> l == null || l.length() > MAX_STRING)
                || strings > MAX_TEXT) {
            throw new CrawlWorkerProtocol.MalformedFrame("a page with an oversized or missing string");
        }
        return page;
    }

    private static List<Crawler.Failure> checked(List<Crawler.Failure> failures)
            throws CrawlWorkerProtocol.MalformedFrame {
        if (failures.size() > MAX_LIST) {
            throw new CrawlWorkerProtocol.MalformedFrame("more failures than a crawl can have");
        }
        for (Crawler.Failure f : failures) {
            if (f == null
                    || f.pageUrl() == null
                    || f.reason() == null
                    || f.pageUrl().length() > MAX_STRING
                    || f.reason().length() > MAX_STRING) {
                throw new CrawlWorkerProtocol.MalformedFrame("a failure with an oversized or missing field");
            }
        }
        return List.copyOf(failures);
    }

    /**
     * What the worker says its sandbox refused: only known kinds, so that a worker cannot invent metric
     * tags, and counts no crawl could reach.
     */
    private static SandboxTally.Counts checked(SandboxTally.@Nullable Counts refused)
            throws CrawlWorkerProtocol.MalformedFrame {
        if (refused == null) {
            return SandboxTally.Counts.NONE;
        }
        if (refused.violations() == null
                || refused.denials() == null
                || !SandboxTally.VIOLATION_KINDS.containsAll(
                        refused.violations().keySet())
                || !SandboxTally.DENIAL_KINDS.containsAll(refused.denials().keySet())
                || java.util.stream.Stream.concat(
                                refused.violations().values().stream(), refused.denials().values().stream())
                        .anyMatch(n -> n == null || n < 0 || n > MAX_REFUSED)) {
            throw new CrawlWorkerProtocol.MalformedFrame("sandbox refusals of unknown kinds or beyond counting");
        }
        return refused;
    }

    /** More refusals than this in one crawl (10 million) is not a count a worker can have made. */
    private static final int MAX_REFUSED = 10_000_000;

    private static String clip(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    private Worker startWorker() throws IOException {
        Path storage =
                Files.createDirectories(settings.storageDir().toAbsolutePath().normalize());
        Files.createDirectories(storage.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(command(settings, storage)).directory(storage.toFile());
        // Nothing of the server's environment (keys, database URLs) reaches the worker.
        builder.environment().clear();
        Process process = builder.start();
        started++;
        Worker w = new Worker(
                process,
                new BufferedOutputStream(process.getOutputStream(), 1 << 16),
                new BufferedInputStream(process.getInputStream(), 1 << 16),
                new Stderr(process),
                settings.heap());
        ScheduledFuture<?> kill = watchdog.schedule(
                process::destroyForcibly, settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            CrawlWorkerProtocol.Reply ready = CrawlWorkerProtocol.read(w.stdout, CrawlWorkerProtocol.Reply.class);
            if (ready == null || !"ready".equals(ready.type())) {
                throw new IOException("the worker did not say it was ready"
                        + (w.stderr.tail().isEmpty() ? "" : ": " + clip(w.stderr.tail())));
            }
        } finally {
            kill.cancel(false);
        }
        LOG.info("crawl worker {} started ({})", process.pid(), String.join(" ", builder.command()));
        return w;
    }

    /** The worker's command line: this JVM's java, the same classes, the worker's own bounds. */
    static List<String> command(Settings settings, Path storage) throws IOException {
        List<String> command = new ArrayList<>();
        if (settings.nice() > 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", String.valueOf(settings.nice())));
        }
        command.add(javaBinary());
        command.addAll(List.of(
                "-Xmx" + settings.heap(),
                "-Xss" + settings.stack(),
                "-XX:ActiveProcessorCount=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                // The JVM's own messages (the out-of-memory exit among them) go to stdout otherwise: the channel.
                "-XX:+DisplayVMOutputToStderr",
                "-Dfile.encoding=UTF-8",
                "-Djava.io.tmpdir=" + storage.resolve("tmp"),
                "-Djava.awt.headless=true"));
        command.addAll(settings.jvmOptions());
        String classPath = System.getProperty("java.class.path");
        Optional<Path> bootJar = bootJar(classPath);
        if (bootJar.isPresent()) {
            // An executable Spring Boot jar: its classes are nested, so the Boot launcher loads them and runs the
            // worker's main.
            command.addAll(List.of(
                    "-cp", bootJar.get().toString(), "-Dloader.main=" + CrawlWorker.class.getName(), BOOT_LAUNCHER));
        } else {
            // A long classpath (an IDE's, Maven's) could pass the kernel's limit on one argument: hand it over in an
            // @argfile.
            Path argFile = storage.resolve("classpath.args");
            Files.writeString(
                    argFile, "-cp \"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
            command.addAll(List.of("@" + argFile, CrawlWorker.class.getName()));
        }
        command.add(storage.resolve("storage").toString());
        return command;
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java)
                ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }

    /** The jar this JVM runs from when it is an executable Spring Boot jar. */
    static Optional<Path> bootJar(String classPath) {
        if (classPath == null || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        try (JarFile jar = new JarFile(classPath)) {
            String main = jar.getManifest() == null
                    ? null
                    : jar.getManifest().getMainAttributes().getValue("Main-Class");
            return main != null && main.startsWith("org.springframework.boot.loader.")
                    ? Optional.of(Path.of(classPath).toAbsolutePath())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private synchronized void stopWorker() {
        Worker w = worker;
        worker = null;
        kill(w);
    }

    private static void kill(@Nullable Worker w) {
        if (w == null) {
            return;
        }
        w.process.destroyForcibly();
        try {
            w.process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the worker without waiting for a crawl in hand (which then answers failed): an idle
     * worker exits when its stdin closes; a busy one is killed.
     */
    @Override
    public void close() {
        closed = true;
        Worker w = worker;
        if (w != null) {
            try {
                w.stdin.close();
                w.process.waitFor(2, TimeUnit.SECONDS);
            } catch (IOException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill(w);
        }
        watchdog.shutdownNow();
    }

    private record Worker(Process process, OutputStream stdin, InputStream stdout, Stderr stderr, String heap) {}

    /**
     * The worker's stderr, into this log: each line clipped and prefixed with the worker's pid, at
     * most {@value #STDERR_LINES_PER_MINUTE} lines a minute (the rest counted), and the last lines
     * kept to tell why the worker died.
     */
    private static final class Stderr {
        private final Deque<String> last = new ArrayDeque<>();

        Stderr(Process process) {
            Thread t = new Thread(() -> pump(process), "atrium-crawl-worker-stderr-" + process.pid());
            t.setDaemon(true);
            t.start();
        }

        private void pump(Process process) {
            long pid = process.pid();
            long windowStart = System.nanoTime();
            int logged = 0;
            int dropped = 0;
            try (Reader in = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                boolean clipped = false;
                for (int c; (c = in.read()) >= 0; ) {
                    if (c != '\n') {
                        if (line.length() < STDERR_LINE) {
                            line.append((char) c);
                        } else {
                            clipped = true;
                        }
                        continue;
                    }
                    String text = line + (clipped ? "..." : "");
                    line.setLength(0);
                    clipped = false;
                    synchronized (last) {
                        last.addLast(text);
                        if (last.size() > 20) {
                            last.removeFirst();
                        }
                    }
                    if (System.nanoTime() - windowStart > TimeUnit.MINUTES.toNanos(1)) {
                        if (dropped > 0) {
                            LOG.warn("crawl worker {}: {} lines of its stderr were left out", pid, dropped);
                        }
                        windowStart = System.nanoTime();
                        logged = 0;
                        dropped = 0;
                    }
                    if (logged++ < STDERR_LINES_PER_MINUTE) {
                        LOG.warn("crawl worker {}: {}", pid, text);
                    } else {
                        dropped++;
                    }
                }
            } catch (IOException e) {
                // the worker is gone
            }
        }

        boolean mentions(String what) {
            // The last words may still be on their way when the exit is seen.
            for (int i = 0; i < 20; i++) {
                synchronized (last) {
                    if (last.stream().anyMatch(l -> l.contains(what))) {
                        return true;
                    }
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        String tail() {
            synchronized (last) {
                return String.join(" | ", last);
            }
        }
    }
}
