package io.atrium.search.crawler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import java.util.Map;

/**
 * What crawls did, counted when each ends (never per page as it renders): pages by outcome
 * ({@code atrium.crawl.pages}: indexed, failed, skipped), failures by reason
 * ({@code atrium.crawl.failures}), and what the sandbox refused mini-programs during crawls
 * ({@code atrium.sandbox.violations} and {@code atrium.policy.denials} by kind). On the platform,
 * mini-programs run only in the crawler, so these are all the sandbox's refusals the server sees;
 * host apps' sandboxes report to the host's own {@code RuntimeListener}.
 */
public final class CrawlMetrics {

    /** Why a page or a crawl failed, as the {@code reason} tag says it. */
    public enum Reason {
        /** The page broke a sandbox limit. */
        SANDBOX,
        /** The page's script threw. */
        SCRIPT,
        /** The page did not render in time. */
        TIMEOUT,
        /** The mini-program did not start. */
        LAUNCH,
        /** The crawl's page or time limit left the page out. */
        LIMIT,
        /** The crawl as a whole failed: its worker died or overran, the package did not open. */
        CRAWL,
        /** Anything else. */
        OTHER;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    private final Counter indexed;
    private final Counter failed;
    private final Counter skipped;
    private final Counter[] failures = new Counter[Reason.values().length];
    private final Map<String, Counter> violations;
    private final Map<String, Counter> denials;

    public CrawlMetrics(MeterRegistry registry) {
        this.indexed = pages(registry, "indexed");
        this.failed = pages(registry, "failed");
        this.skipped = pages(registry, "skipped");
        for (Reason reason : Reason.values()) {
            failures[reason.ordinal()] = Counter.builder("atrium.crawl.failures")
                    .description("Pages and crawls that failed, by reason")
                    .tag("reason", reason.tag)
                    .register(registry);
        }
        // Every kind up front, at zero: a family a dashboard queries exists before its first refusal.
        this.violations = byKind(
                registry,
                "atrium.sandbox.violations",
                "Sandbox limits mini-programs broke while crawled, by kind",
                SandboxTally.VIOLATION_KINDS);
        this.denials = byKind(
                registry,
                "atrium.policy.denials",
                "API calls the crawler's policy refused mini-programs, by kind",
                SandboxTally.DENIAL_KINDS);
    }

    private static Map<String, Counter> byKind(
            MeterRegistry registry, String name, String description, java.util.Set<String> kinds) {
        Map<String, Counter> counters = new java.util.HashMap<>();
        for (String kind : kinds) {
            counters.put(
                    kind,
                    Counter.builder(name)
                            .description(description)
                            .tag("kind", kind)
                            .register(registry));
        }
        return Map.copyOf(counters);
    }

    /** Counts nothing: for indexers built without a registry (tests, placed tenants' indexers). */
    public static CrawlMetrics none() {
        // A composite with no registries in it hands out no-op meters.
        return new CrawlMetrics(new CompositeMeterRegistry());
    }

    private static Counter pages(MeterRegistry registry, String outcome) {
        return Counter.builder("atrium.crawl.pages")
                .description("Pages crawls reached, by outcome: indexed, failed to render, skipped by a limit")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A crawl that ended with {@code result}. */
    void crawled(Crawler.Result result) {
        indexed.increment(result.pages().size());
        for (Crawler.Failure failure : result.failures()) {
            Reason reason = reasonOf(failure.reason());
            if (reason == Reason.LIMIT) {
                skipped.increment();
            } else if (!failure.pageUrl().isEmpty()) {
                failed.increment();
            }
            failures[reason.ordinal()].increment();
        }
        if (result.failed()) {
            failures[Reason.CRAWL.ordinal()].increment();
        }
        refused(result.refused());
    }

    /** What kind of failure a reason the {@link Crawler} wrote is. */
    static Reason reasonOf(String reason) {
        if (reason.startsWith(Crawler.SANDBOX)) {
            return Reason.SANDBOX;
        }
        if (reason.startsWith(Crawler.SCRIPT)) {
            return Reason.SCRIPT;
        }
        if (reason.startsWith(Crawler.TIMEOUT)) {
            return Reason.TIMEOUT;
        }
        if (reason.startsWith(Crawler.LAUNCH)) {
            return Reason.LAUNCH;
        }
        if (reason.startsWith(Crawler.NOT_CRAWLED)) {
            return Reason.LIMIT;
        }
        return Reason.OTHER;
    }

    /** A crawl that could not begin (no sealed package, it does not open, too many attempts). */
    void notCrawled() {
        failures[Reason.CRAWL.ordinal()].increment();
    }

    /** What the sandbox refused; the kinds are the tally's fixed sets (see {@link SandboxTally}). */
    void refused(SandboxTally.Counts counts) {
        count(violations, counts.violations());
        count(denials, counts.denials());
    }

    private static void count(Map<String, Counter> counters, Map<String, Integer> byKind) {
        byKind.forEach((kind, n) -> {
            Counter counter = counters.get(kind);
            if (counter != null) {
                counter.increment(n);
            }
        });
    }
}
