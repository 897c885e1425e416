package io.atrium.bench;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.search.crawler.Crawler;
import io.atrium.search.crawler.InProcessCrawler;
import io.atrium.search.crawler.PackageCrawler;
import io.atrium.search.crawler.TestPackages;
import io.atrium.search.crawler.WorkerProcessCrawler;
import io.atrium.search.elasticsearch.ElasticsearchSearchIndex;
import io.atrium.search.index.PageDocument;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchQuery;
import io.atrium.search.lucene.LuceneSearchIndex;
import io.atrium.search.relevance.Judgments;
import io.atrium.search.relevance.SampleStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Search benchmarks, printed and asserted nowhere:
 * <ol>
 *   <li>crawl: the 56 mini-programs of the relevance fixture crawled over and over (render in the
 *       sandbox, then extract with jsoup) by 1 and by 2 threads, each with a runtime of its own, in
 *       pages per second;</li>
 *   <li>crawl port: the same crawls through each {@link PackageCrawler} adapter on one thread, in
 *       process and in a warm worker process, in pages per second with the CPU each page cost this
 *       JVM (the server's side) and the worker ({@code --only crawl} stops after this);</li>
 *   <li>indexing: N page documents (100,000 by default) built from the crawled pages plus words drawn
 *       from their text, 10 pages per mini-program, written in bulk replacements of 100
 *       mini-programs, into embedded Lucene and into Elasticsearch;</li>
 *   <li>queries: the labelled queries of the fixture against each full index, scoped to one of 20
 *       host apps, from C threads at once for S seconds; p50 and p99 latency and queries per second.</li>
 * </ol>
 */
final class SearchBench {

    private static final String TENANT = "t-bench";
    private static final int PAGES_PER_PROGRAM = 10;
    private static final int PROGRAMS_PER_BATCH = 100;
    private static final int HOSTS = 20;

    private SearchBench() {}

    /**
     * Crawler, Lucene and the query side all run in this JVM, so "the server" of this bench is this
     * process; Elasticsearch's CPU ({@code elasticsearchCpu}, when its process is given) is reported
     * beside it for its phases.
     */
    static void run(
            int pages,
            int concurrency,
            int seconds,
            int crawlSeconds,
            String esUrl,
            String analyzer,
            String only,
            String workerOptions,
            ProcessCpu elasticsearchCpu)
            throws Exception {
        ProcessCpu self = ProcessCpu.self();
        Path work = Files.createTempDirectory("atrium-search-bench");

        List<Crawler.Page> crawled = new ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            crawled = crawl(work, threads, crawlSeconds, self);
        }
        crawlPort(
                work,
                crawlSeconds,
                workerOptions.isBlank()
                        ? List.of()
                        : List.of(workerOptions.trim().split("\\s+")));
        if (only.equals("crawl")) {
            return;
        }
        List<PageDocument> documents = synthesize(crawled, pages);
        long textBytes = documents.stream().mapToLong(d -> d.text().length()).sum();
        System.out.printf(
                "documents: %,d pages of %,d mini-programs, %.1f MB of text%n",
                documents.size(), documents.size() / PAGES_PER_PROGRAM, textBytes / 1e6);

        Path luceneDir = work.resolve("lucene");
        if (!only.equals("elasticsearch")) {
            try (SearchIndex lucene = LuceneSearchIndex.writable(luceneDir)) {
                index("lucene", lucene, documents, self, ProcessCpu.none());
                System.out.printf("lucene: %.1f MB on disk%n", size(luceneDir) / 1e6);
                queries("lucene", lucene, concurrency, seconds, self, ProcessCpu.none());
            }
        }
        if (only.equals("lucene")) {
            return;
        }
        ElasticsearchSearchIndex elasticsearch =
                new ElasticsearchSearchIndex(esUrl, "atrium-bench-" + UUID.randomUUID(), analyzer);
        try {
            index("elasticsearch (" + analyzer + ")", elasticsearch, documents, self, elasticsearchCpu);
            queries("elasticsearch (" + analyzer + ")", elasticsearch, concurrency, seconds, self, elasticsearchCpu);
        } finally {
            elasticsearch.dropIndex();
            elasticsearch.close();
        }
    }

    /** Crawls the fixture's mini-programs with {@code threads} threads for {@code seconds}; answers one round's pages. */
    private static List<Crawler.Page> crawl(Path work, int threads, int seconds, ProcessCpu self) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> results = new ArrayList<>();
        List<List<Crawler.Page>> firstRounds = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Path storage = Files.createDirectories(work.resolve("crawler-" + threads + "-" + t));
            List<Crawler.Page> firstRound = new ArrayList<>();
            firstRounds.add(firstRound);
            results.add(pool.submit(() -> {
                Crawler crawler =
                        new Crawler(AtriumRuntime.builder().storageDir(storage).build(), Crawler.Limits.DEFAULT);
                List<OpenedPackage> packages = new ArrayList<>();
                for (SampleStore.App app : SampleStore.APPS) {
                    packages.add(TestPackages.open(app.id(), "1.0.0", SampleStore.files(app)));
                }
                for (OpenedPackage pkg : packages) {
                    // Warm-up round; its pages are the corpus the indexing benchmark builds on.
                    firstRound.addAll(crawler.crawl(pkg, (d, k, f) -> {}).pages());
                }
                while (!measuring.get()) {
                    Thread.onSpinWait();
                }
                long pagesDone = 0;
                long failures = 0;
                long start = System.nanoTime();
                for (int i = 0; !stop.get(); i = (i + 1) % packages.size()) {
                    Crawler.Result result = crawler.crawl(packages.get(i), (d, k, f) -> {});
                    pagesDone += result.pages().size();
                    failures += result.failures().size();
                }
                return new long[] {pagesDone, failures, System.nanoTime() - start};
            }));
        }
        Thread.sleep(3_000);
        ProcessCpu.Window cpu = self.start();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        ProcessCpu.Used used = cpu.end();
        long pagesDone = 0;
        long failures = 0;
        long nanos = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            pagesDone += r[0];
            failures += r[1];
            nanos = Math.max(nanos, r[2]);
        }
        pool.shutdown();
        System.out.printf(
                "crawl, %d thread%s: %,d pages in %.1f s = %.0f pages/s rendered and extracted (%d failures)   (target >= 200)%n",
                threads, threads == 1 ? "" : "s", pagesDone, nanos / 1e9, pagesDone / (nanos / 1e9), failures);
        // The CPU window runs flag to flag; a thread counts pages from when it has finished its warm-up
        // round and seen the flag. When that round outlasts the 3 s (a cold JVM), the pages cover less
        // time than the CPU, and the CPU per page printed is too high: say so.
        System.out.println("  " + used.line("bench JVM (crawler in process)", pagesDone, "page")
                + (nanos / 1e9 < seconds * 0.95
                        ? "  (pages counted over " + String.format("%.1f", nanos / 1e9) + " s only: overstated)"
                        : ""));
        return firstRounds.get(0);
    }

    /**
     * The fixture crawled through the in-process adapter and then a worker process, one thread, the
     * same limits; each warmed up for as long as it is measured (the worker's JVM start and JIT are
     * left out), then measured.
     */
    private static void crawlPort(Path work, int seconds, List<String> workerJvmOptions) throws Exception {
        List<OpenedPackage> packages = new ArrayList<>();
        for (SampleStore.App app : SampleStore.APPS) {
            packages.add(TestPackages.open(app.id(), "1.0.0", SampleStore.files(app)));
        }
        Path storage = Files.createDirectories(work.resolve("crawler-port"));
        try (PackageCrawler inProcess = new InProcessCrawler(
                new Crawler(AtriumRuntime.builder().storageDir(storage).build(), Crawler.Limits.DEFAULT),
                Duration.ofSeconds(10))) {
            crawlPort("in-process", inProcess, packages, seconds, () -> 0);
        }
        WorkerProcessCrawler.Settings settings =
                WorkerProcessCrawler.Settings.of(Crawler.Limits.DEFAULT, work.resolve("crawl-worker"));
        settings = new WorkerProcessCrawler.Settings(
                settings.limits(),
                settings.sandbox(),
                settings.storageDir(),
                settings.heap(),
                settings.stack(),
                settings.nice(),
                settings.grace(),
                settings.startTimeout(),
                workerJvmOptions);
        try (WorkerProcessCrawler worker = new WorkerProcessCrawler(settings)) {
            crawlPort(
                    "worker process",
                    worker,
                    packages,
                    seconds,
                    () -> worker.workerPid()
                            .flatMap(ProcessHandle::of)
                            .flatMap(h -> h.info().totalCpuDuration())
                            .map(Duration::toNanos)
                            .orElse(0L));
            System.out.printf("  (worker processes started: %d)%n", worker.workersStarted());
        }
    }

    private static void crawlPort(
            String name, PackageCrawler crawler, List<OpenedPackage> packages, int seconds, LongSupplier workerCpu) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // As long as the measurement: a fresh worker JVM's JIT needs it, and this JVM's crawlers ran already.
        long warmUntil = System.nanoTime() + seconds * 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < warmUntil) {
            crawler.crawl(packages.get(i++ % packages.size()), (d, k, f) -> {});
        }
        long pages = 0;
        long failed = 0;
        long serverCpu = os.getProcessCpuTime();
        long worker = workerCpu.getAsLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Crawler.Result result = crawler.crawl(packages.get(i++ % packages.size()), (d, k, f) -> {});
            pages += result.pages().size();
            failed += result.failed() ? 1 : 0;
        }
        double s = (System.nanoTime() - start) / 1e9;
        double serverMs = (os.getProcessCpuTime() - serverCpu) / 1e6 / pages;
        double workerMs = (workerCpu.getAsLong() - worker) / 1e6 / pages;
        System.out.printf(
                "crawl port, %s, 1 thread: %,d pages in %.1f s = %.0f pages/s; CPU per page: %.2f ms here, %.2f ms in the worker"
                        + " (%d crawls failed)%n",
                name, pages, s, pages / s, serverMs, workerMs, failed);
    }

    /** {@code count} documents: crawled pages as templates, with words drawn from the whole corpus so no two are alike. */
    static List<PageDocument> synthesize(List<Crawler.Page> templates, int count) {
        List<String> words = new ArrayList<>();
        for (Crawler.Page p : templates) {
            for (String w : p.text().split("\\s+")) {
                if (w.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    for (int i = 0; i + 2 <= w.length(); i += 2) {
                        words.add(w.substring(i, i + 2));
                    }
                } else if (w.length() > 2) {
                    words.add(w.toLowerCase());
                }
            }
        }
        Map<String, SampleStore.App> apps = new java.util.HashMap<>();
        SampleStore.APPS.forEach(a -> apps.put(a.id(), a));
        Random random = new Random(42);
        List<PageDocument> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int program = i / PAGES_PER_PROGRAM;
            Crawler.Page template = templates.get(random.nextInt(templates.size()));
            SampleStore.App app = SampleStore.APPS.get(program % SampleStore.APPS.size());
            StringBuilder text = new StringBuilder(template.text());
            for (int w = 0; w < 40; w++) {
                text.append(' ').append(words.get(random.nextInt(words.size())));
            }
            out.add(new PageDocument(
                    TENANT,
                    "mp-bench-" + program,
                    app.name() + " " + program,
                    app.description(),
                    "1.0.0",
                    "pages/p" + (i % PAGES_PER_PROGRAM) + "/index",
                    Map.of(),
                    template.title(),
                    template.headings(),
                    text.toString(),
                    app.category(),
                    app.tags(),
                    Set.of("ha-" + (program % HOSTS))));
        }
        return out;
    }

    private static void index(
            String name, SearchIndex index, List<PageDocument> documents, ProcessCpu self, ProcessCpu server) {
        ProcessCpu.Window ownCpu = self.start();
        ProcessCpu.Window serverCpu = server.start();
        long start = System.nanoTime();
        List<SearchIndex.Replacement> batch = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += PAGES_PER_PROGRAM) {
            List<PageDocument> pages = documents.subList(from, Math.min(documents.size(), from + PAGES_PER_PROGRAM));
            batch.add(new SearchIndex.Replacement(TENANT, pages.get(0).miniProgramId(), pages));
            if (batch.size() == PROGRAMS_PER_BATCH) {
                index.replaceAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            index.replaceAll(batch);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%s: indexed %,d pages in %.1f s = %,.0f pages/s (bulk replacements of %d mini-programs; %,d in the index)%n",
                name, documents.size(), s, documents.size() / s, PROGRAMS_PER_BATCH, index.count());
        System.out.println("  " + ownCpu.end().line("bench JVM", documents.size(), "page"));
        if (server.present()) {
            System.out.println("  " + serverCpu.end().line("Elasticsearch", documents.size(), "page"));
        }
    }

    private static void queries(
            String name, SearchIndex index, int concurrency, int seconds, ProcessCpu self, ProcessCpu server)
            throws Exception {
        List<String> texts =
                Judgments.QUERIES.stream().map(Judgments.Judged::query).toList();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Latencies> all = new ArrayList<>();
        List<Future<Long>> hits = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Latencies latencies = new Latencies();
            all.add(latencies);
            hits.add(pool.submit(() -> {
                long found = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    SearchQuery q = new SearchQuery(
                            TENANT,
                            "ha-" + random.nextInt(HOSTS),
                            texts.get(random.nextInt(texts.size())),
                            null,
                            List.of(),
                            0,
                            10);
                    long start = System.nanoTime();
                    found += index.search(q).total();
                    if (measuring.get()) {
                        latencies.add((System.nanoTime() - start) / 1000);
                    }
                }
                return found;
            }));
        }
        Thread.sleep(3_000);
        ProcessCpu.Window ownCpu = self.start();
        ProcessCpu.Window serverCpu = server.start();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        ProcessCpu.Used ownUsed = ownCpu.end();
        ProcessCpu.Used serverUsed = serverCpu.end();
        long found = 0;
        for (Future<Long> f : hits) {
            found += f.get();
        }
        double s = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = Latencies.merged(all);
        System.out.printf(
                "%s: %d concurrent searchers, %,d queries in %.1f s = %,.0f queries/s; p50 %.2f ms, p99 %.2f ms (%,d hits in all)%n",
                name,
                concurrency,
                sorted.length,
                s,
                sorted.length / s,
                Latencies.percentileMillis(sorted, 50),
                Latencies.percentileMillis(sorted, 99),
                found);
        System.out.println("  " + ownUsed.line("bench JVM", sorted.length, "query"));
        if (server.present()) {
            System.out.println("  " + serverUsed.line("Elasticsearch", sorted.length, "query"));
        }
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
