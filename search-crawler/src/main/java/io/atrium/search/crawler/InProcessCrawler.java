package io.atrium.search.crawler;

import io.atrium.sdk.packaging.OpenedPackage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link PackageCrawler} that crawls in this JVM: a {@link Crawler} run on a fresh daemon
 * thread per crawl, waited on for the crawl's time limit plus {@code grace}. The crawler itself
 * stops taking pages at its time limit, but a page's launch or render can block without end (a
 * timer that keeps the sandbox busy, for one), so the caller never waits on it without a deadline:
 * past it, the crawl is answered as failed with the pages rendered until then, the thread is
 * interrupted and left behind, and the next crawl gets a thread of its own.
 *
 * <p>What this cannot do is take back what the abandoned thread holds or spends: memory it retains
 * and CPU it burns stay in this JVM until the sandbox stops it. That is why the server crawls in a
 * {@linkplain WorkerProcessCrawler worker process} by default; this adapter is for tests,
 * benchmarks and an explicit {@code atrium.search.crawl.worker=in-process}.
 */
public final class InProcessCrawler implements PackageCrawler {

    private final Crawler crawler;
    private final Duration grace;

    public InProcessCrawler(Crawler crawler, Duration grace) {
        this.crawler = crawler;
        this.grace = grace;
    }

    @Override
    public Crawler.Result crawl(OpenedPackage pkg, Crawler.Progress progress) {
        // What the crawl reported so far, kept here so an abandoned crawl still answers it; once
        // abandoned, the thread's late reports reach nobody.
        AtomicBoolean abandoned = new AtomicBoolean();
        List<Crawler.Page> pages = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<List<Crawler.Failure>> failures = new AtomicReference<>(List.of());
        Crawler.Progress guarded = new Crawler.Progress() {
            @Override
            public void update(int done, int known, List<Crawler.Failure> f) {
                if (!abandoned.get()) {
                    failures.set(f);
                    progress.update(done, known, f);
                }
            }

            @Override
            public void page(Crawler.Page page) {
                if (!abandoned.get()) {
                    pages.add(page);
                    progress.page(page);
                }
            }
        };
        CompletableFuture<Crawler.Result> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(crawler.crawl(pkg, guarded));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "atrium-crawl-in-process");
        thread.setDaemon(true);
        thread.start();
        Duration limit = crawler.limits().maxTime();
        try {
            return result.get(limit.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            thread.interrupt();
            synchronized (pages) {
                return new Crawler.Result(
                        List.copyOf(pages),
                        soFar(failures),
                        "the crawl exceeded its " + seconds(limit) + " s limit and was abandoned (in-process crawler)");
            }
        } catch (ExecutionException e) {
            abandoned.set(true);
            // Even an OutOfMemoryError: it unwound the crawl's thread, so what the crawl held is
            // garbage now, and the indexer goes on with the next crawl.
            return new Crawler.Result(List.copyOf(pages), soFar(failures), "the crawl failed: " + e.getCause());
        } catch (InterruptedException e) {
            abandoned.set(true);
            thread.interrupt();
            Thread.currentThread().interrupt();
            return new Crawler.Result(List.copyOf(pages), soFar(failures), "the crawl was interrupted");
        }
    }

    /** The failures reported so far: the reference starts with an empty list and is only ever set to the lists reported. */
    private static List<Crawler.Failure> soFar(AtomicReference<List<Crawler.Failure>> failures) {
        return Objects.requireNonNull(failures.get(), "the failures so far");
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }
}
