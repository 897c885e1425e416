package io.atrium.search.crawler;

import io.atrium.sdk.packaging.OpenedPackage;

/**
 * The port the indexer crawls through: "crawl this opened package". A crawl runs untrusted
 * mini-program code, so every adapter answers within the crawl's time limit plus a grace, whatever
 * the code does: a crawl it had to cut off is answered as {@linkplain Crawler.Result#failed()
 * failed} with its reason, never thrown and never waited on forever.
 *
 * <ul>
 *   <li>{@link WorkerProcessCrawler}, the server's default ({@code atrium.search.crawl.worker=process}):
 *       the crawl runs in a JVM of its own with its own heap and CPU bounds, killed and replaced
 *       when it dies or overruns, so a hostile page costs that crawl only;</li>
 *   <li>{@link InProcessCrawler} ({@code atrium.search.crawl.worker=in-process}, tests and
 *       benchmarks): the crawl runs in this JVM on a thread of its own; a crawl past its deadline is
 *       abandoned, but its thread and its memory cannot be taken back.</li>
 * </ul>
 *
 * Implementations are used from one thread at a time (the indexer has one).
 */
public interface PackageCrawler extends AutoCloseable {

    /** Crawls an opened (verified) package; answers within the crawl's time limit plus a grace. */
    Crawler.Result crawl(OpenedPackage pkg, Crawler.Progress progress);

    /** Releases what the adapter holds (its worker process). */
    @Override
    default void close() {}
}
