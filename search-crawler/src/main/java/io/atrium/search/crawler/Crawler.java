package io.atrium.search.crawler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.LaunchOptions;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.PageUrl;
import io.atrium.sdk.PageView;
import io.atrium.sdk.UserAttributes;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.sdk.policy.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Renders a version's pages as a user would see them, breadth-first: every page app.json lists
 * with no query, then the pages and queries its {@code navigator} links lead to, each page and
 * query once, within limits on pages, depth and time. Each page's logic runs in the runtime's
 * sandbox (no network, no host APIs); a page whose script fails or breaks a limit is skipped with
 * its reason and the crawl goes on.
 *
 * <p>This is the crawl itself, run on the caller's thread and in the caller's heap. The indexer
 * never calls it directly but through the {@link PackageCrawler} port: {@link InProcessCrawler}
 * (this class on a thread of its own, cut off at a deadline) or {@link WorkerProcessCrawler}
 * (this class in {@link CrawlWorker}, a JVM of its own).
 */
public final class Crawler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How far a crawl may go.
     *
     * @param maxPages pages rendered at most
     * @param maxDepth links followed from a listed page at most
     * @param maxTime  the whole crawl's time
     */
    public record Limits(int maxPages, int maxDepth, Duration maxTime) {
        public static final Limits DEFAULT = new Limits(200, 5, Duration.ofSeconds(60));
    }

    /** A rendered page, extracted. */
    public record Page(
            String pagePath,
            Map<String, String> query,
            String title,
            List<String> headings,
            String text,
            List<String> links) {}

    /** A page that was not rendered, and why. */
    public record Failure(String pageUrl, String reason) {}

    /** Where a crawl is: pages done out of pages known so far, and the failures. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int known, List<Failure> failures);

        /** A page as soon as it is rendered (before {@link #update}): the worker streams them this way. */
        default void page(Page page) {}
    }

    /**
     * What a crawl found.
     *
     * @param pages         the pages rendered
     * @param failures      the pages not rendered, each with its reason
     * @param failedBecause null when the crawl ran to its end (within its limits); otherwise why it
     *                      was cut off (its worker died, it overran its deadline): the crawl is then
     *                      recorded as failed, with the pages rendered before that
     * @param refused       what the sandbox refused the mini-program, by kind (see {@link SandboxTally})
     */
    public record Result(
            List<Page> pages,
            List<Failure> failures,
            @Nullable String failedBecause,
            SandboxTally.Counts refused) {
        public Result(List<Page> pages, List<Failure> failures) {
            this(pages, failures, null);
        }

        public Result(List<Page> pages, List<Failure> failures, @Nullable String failedBecause) {
            this(pages, failures, failedBecause, SandboxTally.Counts.NONE);
        }

        public boolean failed() {
            return failedBecause != null;
        }
    }

    private final AtriumRuntime runtime;
    private final Limits limits;
    private final @Nullable SandboxTally tally;

    public Limits limits() {
        return limits;
    }

    /** A crawler over a runtime built for it (its own storage folder, no UI, no host APIs). */
    public Crawler(AtriumRuntime runtime, Limits limits) {
        this(runtime, limits, null);
    }

    /**
     * A crawler over a runtime built for it whose listener is {@code tally}: each crawl's result then
     * says what the sandbox refused.
     */
    public Crawler(AtriumRuntime runtime, Limits limits, @Nullable SandboxTally tally) {
        this.runtime = runtime;
        this.limits = limits;
        this.tally = tally;
    }

    /**
     * Crawls an opened (verified) package: its files are decrypted once, up front, and crawled as
     * {@link #crawlVerified} does (a crawl reads nearly all of them anyway).
     */
    public Result crawl(OpenedPackage pkg, Progress progress) {
        return crawlVerified(pkg.manifest().miniProgramId(), pkg.manifest().version(), files(pkg), progress);
    }

    /** Every file of an opened package, decrypted. */
    static Map<String, byte[]> files(OpenedPackage pkg) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String path : pkg.paths()) {
            files.put(path, pkg.read(path));
        }
        return files;
    }

    /**
     * Crawls the plaintext files of a package that was opened and verified before they were handed
     * over (the worker process gets them so from the server), without sealing and checking them again.
     */
    public Result crawlVerified(String miniProgramId, String version, Map<String, byte[]> files, Progress progress) {
        List<String> listed = listedPages(files);
        Sitemap sitemap = sitemap(files);
        Deque<Target> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (String path : listed) {
            if (seen.add(url(path, Map.of()))) {
                queue.add(new Target(path, Map.of(), 0));
            }
        }
        List<Page> pages = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        long deadline = System.nanoTime() + limits.maxTime().toNanos();
        MiniProgramSession session = null;
        try {
            while (!queue.isEmpty()) {
                Target target = queue.poll();
                String url = url(target.path(), target.query());
                if (!sitemap.allows(target.path(), target.query())) {
                    continue;
                }
                if (pages.size() >= limits.maxPages()) {
                    failures.add(new Failure(
                            url, NOT_CRAWLED + "the crawl's limit of " + limits.maxPages() + " pages was reached"));
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    failures.add(new Failure(
                            url,
                            NOT_CRAWLED + "the crawl's time limit of "
                                    + limits.maxTime().toSeconds() + " s was reached"));
                    continue;
                }
                if (session == null || session.isClosed()) {
                    try {
                        session = runtime.launchVerified(
                                miniProgramId,
                                version,
                                files,
                                CRAWLER_POLICY,
                                UserAttributes.of("atrium-crawler"),
                                new LaunchOptions(listed.get(0), Map.of()));
                    } catch (LaunchException e) {
                        failures.add(new Failure(url, LAUNCH + ": " + e.getMessage()));
                        queue.forEach(t -> failures.add(new Failure(url(t.path(), t.query()), LAUNCH)));
                        queue.clear();
                        progress.update(pages.size(), pages.size() + failures.size(), List.copyOf(failures));
                        break;
                    }
                }
                try {
                    PageView view =
                            session.relaunch(url).get(limits.maxTime().toMillis() + 1000, TimeUnit.MILLISECONDS);
                    PageExtractor.Extracted extracted = PageExtractor.extract(view.html());
                    Page page = new Page(
                            target.path(),
                            target.query(),
                            view.title(),
                            extracted.headings(),
                            extracted.text(),
                            extracted.links());
                    pages.add(page);
                    progress.page(page);
                    if (target.depth() < limits.maxDepth()) {
                        for (String link : extracted.links()) {
                            Target next = resolve(target.path(), link, target.depth() + 1, listed);
                            if (next != null && seen.add(url(next.path(), next.query()))) {
                                queue.add(next);
                            }
                        }
                    }
                } catch (ExecutionException e) {
                    // An ExecutionException carries the task's failure as its cause.
                    failures.add(new Failure(url, reason(Objects.requireNonNullElse(e.getCause(), e))));
                } catch (TimeoutException e) {
                    failures.add(new Failure(url, TIMEOUT));
                    session.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new Failure(url, "the crawl was interrupted"));
                    break;
                }
                progress.update(pages.size(), pages.size() + failures.size() + queue.size(), List.copyOf(failures));
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return new Result(pages, failures, null, tally == null ? SandboxTally.Counts.NONE : tally.drain());
    }

    /** Crawls may not reach the network or the host: only what a page shows on its own. */
    static final Policy CRAWLER_POLICY =
            new Policy(Set.of("ui", "navigation", "storage", "device"), Set.of(), List.of(), Set.of(), List.of());

    // How each failure's reason begins: the worker sends reasons as text, and CrawlMetrics reads them.
    static final String SANDBOX = "broke a sandbox limit (";
    static final String SCRIPT = "the page's script failed: ";
    static final String TIMEOUT = "the page did not render in time";
    static final String LAUNCH = "the mini-program does not start";
    static final String NOT_CRAWLED = "not crawled: ";

    private static String reason(Throwable failure) {
        if (failure instanceof SandboxViolation v) {
            return SANDBOX + v.kind() + "): " + v.getMessage();
        }
        if (failure instanceof ScriptError e) {
            return SCRIPT + e.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static List<String> listedPages(Map<String, byte[]> files) {
        String appJson = text(files, "app.json");
        if (appJson == null) {
            throw new IllegalArgumentException("the package has no app.json");
        }
        try {
            JsonNode app = JSON.readTree(appJson);
            return io.atrium.sdk.packaging.AppPages.of(app);
        } catch (IOException e) {
            throw new IllegalArgumentException("app.json does not parse");
        }
    }

    private static Sitemap sitemap(Map<String, byte[]> files) {
        String json = text(files, "sitemap.json");
        if (json == null) {
            return Sitemap.allowAll();
        }
        try {
            return Sitemap.parse(json);
        } catch (IllegalArgumentException e) {
            // A broken sitemap is ignored rather than hiding the whole mini-program from search.
            return Sitemap.allowAll();
        }
    }

    private static @Nullable String text(Map<String, byte[]> files, String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private record Target(String path, Map<String, String> query, int depth) {}

    /** A link's target page and query, or null when it leaves the package or names no listed page. */
    private static @Nullable Target resolve(String from, String link, int depth, List<String> listed) {
        return PageUrl.resolve(from, link)
                .filter(u -> listed.contains(u.path()))
                .map(u -> new Target(u.path(), new TreeMap<>(u.query()), depth))
                .orElse(null);
    }

    static String url(String path, Map<String, String> query) {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path).append('?');
        new TreeMap<>(query)
                .forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '?' ? "" : "&")
                        .append(encode(k))
                        .append('=')
                        .append(encode(v)));
        return out.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
