package io.atrium.search.crawler;

import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.projections.readmodel.ReadModelJson;
import io.atrium.projections.readmodel.Rows;
import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.search.index.PageDocument;
import io.atrium.search.index.SearchIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Makes the search index match {@code search_program}: for every row whose change is not yet
 * indexed, it removes the mini-program (delisted, or no full release), crawls the release when the
 * version changed, or rewrites the pages' details and host apps when only those changed. Each
 * crawl's progress and failures are kept in {@code search_crawl}. Idempotent: after a crash the
 * same row is simply done again.
 *
 * <p>A crawl always ends: the {@link PackageCrawler} answers within the crawl's time limit plus a
 * grace, and a crawl it cut off (its worker died, it overran) is recorded {@code failed} with its
 * reason and the pages it rendered, and its row is marked indexed, so the indexer goes on to the
 * next one and does not crawl that release again. A crawl that a previous process left
 * {@code running} (the process died or stopped during it) is recorded failed, "interrupted by a
 * restart", when the indexer {@linkplain #start starts}; its release is then crawled again, but at
 * most {@value #MAX_ATTEMPTS} times in all: should the crawl itself be what brings the process
 * down, it is recorded failed for good rather than tried at every start. The interruptions are
 * counted in the crawl's failures, so no schema change was needed. One indexer runs against a read
 * model (the node with the projections role), so a {@code running} row is never another live one's.
 */
public final class SearchIndexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    private static final Duration BLOCK = Duration.ofSeconds(30);
    private static final long PROGRESS_EVERY_MS = 250;
    static final int KEPT_CRAWLS = 20;
    private static final int CHUNK = 20;
    /** Crawls of one release begun, counting those a restart interrupted, before it is recorded failed without another. */
    static final int MAX_ATTEMPTS = 3;

    static final String INTERRUPTED = "interrupted by a restart";

    private final DatabaseClient db;
    private final SearchIndex index;
    private final SealedVersions sealed;
    private final PackageCrawler crawler;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atrium-search-indexer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();

    /** {@code category} is null when none is set, {@code currentVersion} before the first release. */
    record Program(
            String id,
            String tenant,
            String name,
            String description,
            @Nullable String category,
            List<String> tags,
            @Nullable String currentVersion,
            boolean listed,
            Set<String> hosts,
            long changedPosition) {}

    private final CrawlMetrics metrics;

    /** An indexer whose crawls are not counted. */
    public SearchIndexer(DatabaseClient db, SearchIndex index, SealedVersions sealed, PackageCrawler crawler) {
        this(db, index, sealed, crawler, CrawlMetrics.none());
    }

    /** @param metrics where each crawl's pages, failures and sandbox refusals are counted when it ends */
    public SearchIndexer(
            DatabaseClient db, SearchIndex index, SealedVersions sealed, PackageCrawler crawler, CrawlMetrics metrics) {
        this.metrics = metrics;
        this.db = db;
        this.index = index;
        this.sealed = sealed;
        this.crawler = crawler;
    }

    /**
     * Starts polling for work every {@code interval}, after {@linkplain #recoverInterruptedCrawls()
     * ending the crawls a previous process left running} and {@linkplain #recoverLostIndex()
     * recovering} a lost index.
     */
    public SearchIndexer start(Duration interval) {
        worker.execute(() -> {
            try {
                recoverInterruptedCrawls();
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not end the crawls a previous process left running; indexing goes on: {}", e.toString());
            }
            try {
                recoverLostIndex();
            } catch (RuntimeException e) {
                LOG.warn("could not check the search index against search_program; indexing goes on: {}", e.toString());
            }
        });
        worker.scheduleWithFixedDelay(this::safeRun, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * An index that holds nothing while {@code search_program} says pages were indexed was lost or
     * replaced (a new Elasticsearch index, a deleted folder, a Lucene index of an older schema):
     * every such row becomes work again, so each release is crawled anew. Answers how many.
     */
    public int recoverLostIndex() {
        if (index.count() > 0) {
            return 0;
        }
        Long rows = db.sql("UPDATE " + SearchProjection.PROGRAMS
                        + " SET pending = TRUE, indexed_version = NULL WHERE indexed_version IS NOT NULL")
                .fetch()
                .rowsUpdated()
                .block(BLOCK);
        int n = rows == null ? 0 : rows.intValue();
        if (n > 0) {
            LOG.warn(
                    "The search index is empty while {} mini-programs were indexed; their releases are crawled again",
                    n);
        }
        return n;
    }

    /**
     * Records every crawl left {@code running} as failed, "{@value #INTERRUPTED}": only a previous
     * process can have left one so (this one's crawls end before the next begins). Its release is
     * still pending and is crawled again, within {@value #MAX_ATTEMPTS} attempts. Answers how many.
     */
    public int recoverInterruptedCrawls() {
        List<Map<String, String>> running = db.sql("SELECT id, failures FROM search_crawl WHERE state = 'running'")
                .map(row -> Map.of("id", row.get("id", String.class), "failures", row.get("failures", String.class)))
                .all()
                .collectList()
                .block(BLOCK);
        for (Map<String, String> crawl : running) {
            List<Crawler.Failure> failures = new ArrayList<>(failures(crawl.get("failures")));
            failures.add(new Crawler.Failure("", INTERRUPTED));
            db.sql(
                            "UPDATE search_crawl SET state = 'failed', failures = :f, finished_at = :at WHERE id = :id AND state = 'running'")
                    .bind("f", ReadModelJson.write(failures))
                    .bind("at", Rows.utc(Instant.now()))
                    .bind("id", crawl.get("id"))
                    .then()
                    .block(BLOCK);
        }
        if (!running.isEmpty()) {
            LOG.warn(
                    "{} crawls were left running by a previous process; recorded as failed ({})",
                    running.size(),
                    INTERRUPTED);
        }
        return running.size();
    }

    private static List<Crawler.Failure> failures(@Nullable String json) {
        return json == null ? List.of() : ReadModelJson.read(json, new TypeReference<List<Crawler.Failure>>() {});
    }

    /**
     * The interruptions of earlier attempts at this crawl, as its row records them; a row still
     * {@code running} was interrupted too, and its process never said so.
     */
    private List<Crawler.Failure> interruptions(String crawlId) {
        Map<String, String> previous = db.sql("SELECT state, failures FROM search_crawl WHERE id = :id")
                .bind("id", crawlId)
                .map(row ->
                        Map.of("state", row.get("state", String.class), "failures", row.get("failures", String.class)))
                .one()
                .block(BLOCK);
        if (previous == null) {
            return List.of();
        }
        List<Crawler.Failure> out = new ArrayList<>(failures(previous.get("failures")).stream()
                .filter(f -> f.pageUrl().isEmpty() && INTERRUPTED.equals(f.reason()))
                .toList());
        if ("running".equals(previous.get("state"))) {
            out.add(new Crawler.Failure("", INTERRUPTED));
        }
        return out;
    }

    /** Holds indexing after the row in hand (work waits in {@code search_program}) until {@link #resume()}. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
    }

    private void safeRun() {
        if (paused.get()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            if (!stopped.get()) {
                LOG.warn("search indexing failed; it is retried: {}", e.toString());
            }
        }
    }

    /** Brings every pending row into the index; answers how many it did. */
    public int runOnce() {
        int done = 0;
        List<Program> work;
        do {
            work = pending();
            // One index change for the whole chunk (one Lucene commit, one Elasticsearch bulk and
            // refresh), then the rows: a crash between the two only makes the rows work again.
            List<SearchIndex.Replacement> changes = new ArrayList<>();
            List<Program> handled = new ArrayList<>();
            List<String> versions = new ArrayList<>();
            for (Program p : work) {
                if (stopped.get() || paused.get()) {
                    break;
                }
                versions.add(plan(p, changes));
                handled.add(p);
            }
            if (!changes.isEmpty()) {
                index.replaceAll(changes);
            }
            for (int i = 0; i < handled.size(); i++) {
                markIndexed(handled.get(i), versions.get(i));
            }
            done += handled.size();
            if (handled.size() < work.size()) {
                return done;
            }
            // A full chunk means more is waiting; otherwise the next poll takes what arrives meanwhile,
            // so steady edits do not keep the indexer spinning.
        } while (work.size() == CHUNK && !stopped.get() && !paused.get());
        return done;
    }

    private List<Program> pending() {
        return db.sql("SELECT * FROM " + SearchProjection.PROGRAMS
                        + " WHERE pending = TRUE ORDER BY changed_position LIMIT " + CHUNK)
                .map(row -> {
                    String category = row.get("category", String.class);
                    return new Program(
                            row.get("mini_program_id", String.class),
                            row.get("tenant_id", String.class),
                            row.get("name", String.class),
                            row.get("description", String.class),
                            category == null || category.isEmpty() ? null : category,
                            ReadModelJson.read(row.get("tags", String.class), new TypeReference<List<String>>() {}),
                            row.get("current_version", String.class),
                            Boolean.TRUE.equals(row.get("listed", Boolean.class)),
                            new LinkedHashSet<>(ReadModelJson.read(
                                    row.get("host_apps", String.class), new TypeReference<List<String>>() {})),
                            row.get("changed_position", Long.class));
                })
                .all()
                .collectList()
                .block(BLOCK);
    }

    /**
     * Adds to {@code changes} what the index must become for this row, if anything; answers the
     * version the index will then hold. What the index holds decides, not what the row last
     * recorded: after a replay of the search projection (rows start over) a release already in the
     * index is not crawled again, and a mini-program never indexed needs no removal.
     */
    private @Nullable String plan(Program p, List<SearchIndex.Replacement> changes) {
        List<PageDocument> existing = index.pages(p.tenant(), p.id());
        String version = p.currentVersion();
        if (!p.listed() || version == null) {
            if (!existing.isEmpty()) {
                changes.add(new SearchIndex.Replacement(p.tenant(), p.id(), List.of()));
            }
            return null;
        }
        boolean current = !existing.isEmpty() && existing.stream().allMatch(d -> version.equals(d.version()));
        if (current) {
            List<PageDocument> updated = existing.stream()
                    .map(d -> document(p, d.version(), d.pagePath(), d.query(), d.title(), d.headings(), d.text()))
                    .toList();
            if (!new HashSet<>(updated).equals(new HashSet<>(existing))) {
                changes.add(new SearchIndex.Replacement(p.tenant(), p.id(), updated));
            }
        } else {
            changes.add(new SearchIndex.Replacement(p.tenant(), p.id(), crawl(p, version)));
        }
        return version;
    }

    /** {@code indexedVersion} is null when the index holds nothing of the mini-program. */
    private void markIndexed(Program p, @Nullable String indexedVersion) {
        // A change projected meanwhile leaves the row pending, and it is done again.
        Rows.bind(
                        db.sql(
                                        "UPDATE " + SearchProjection.PROGRAMS
                                                + " SET indexed_position = :at, indexed_version = :v,"
                                                + " pending = CASE WHEN changed_position > :at THEN TRUE ELSE FALSE END WHERE mini_program_id = :id")
                                .bind("at", p.changedPosition())
                                .bind("id", p.id()),
                        "v",
                        indexedVersion,
                        String.class)
                .then()
                .block(BLOCK);
    }

    /** Crawls the release {@code version}, the program's current one. */
    private List<PageDocument> crawl(Program p, String version) {
        String crawlId = p.id() + "@" + version + "@" + p.changedPosition();
        Instant started = Instant.now();
        List<Crawler.Failure> interrupted = interruptions(crawlId);
        db.sql("DELETE FROM search_crawl WHERE id = :id")
                .bind("id", crawlId)
                .then()
                .block(BLOCK);
        forgetOldCrawls(p.id());
        db.sql(
                        "INSERT INTO search_crawl (id, tenant_id, mini_program_id, version, state, pages_done, pages_known, failures, started_at, finished_at)"
                                + " VALUES (:id, :tenant, :mp, :v, 'running', 0, 0, :f, :at, NULL)")
                .bind("id", crawlId)
                .bind("tenant", p.tenant())
                .bind("mp", p.id())
                .bind("v", version)
                .bind("f", ReadModelJson.write(interrupted))
                .bind("at", Rows.utc(started))
                .then()
                .block(BLOCK);
        if (interrupted.size() >= MAX_ATTEMPTS) {
            finish(
                    crawlId,
                    "failed",
                    0,
                    0,
                    interrupted,
                    List.of(
                            new Crawler.Failure(
                                    "",
                                    "not crawled again: " + interrupted.size()
                                            + " attempts were interrupted by a restart, and the crawl may be what stopped the server")));
            metrics.notCrawled();
            return List.of();
        }
        Map<String, String> row = db.sql("SELECT digest, wrapped_data_key FROM " + SearchProjection.SEALED
                        + " WHERE mini_program_id = :id AND version = :v")
                .bind("id", p.id())
                .bind("v", version)
                .map(r ->
                        Map.of("digest", r.get("digest", String.class), "key", r.get("wrapped_data_key", String.class)))
                .one()
                .block(BLOCK);
        if (row == null) {
            finish(
                    crawlId,
                    "failed",
                    0,
                    0,
                    interrupted,
                    List.of(new Crawler.Failure("", "no sealed package is recorded for " + version)));
            metrics.notCrawled();
            return List.of();
        }
        OpenedPackage pkg;
        try {
            // Both keys are in the map the query above builds.
            pkg = sealed.open(
                    p.id(), version, Objects.requireNonNull(row.get("digest")), Objects.requireNonNull(row.get("key")));
        } catch (RuntimeException e) {
            finish(
                    crawlId,
                    "failed",
                    0,
                    0,
                    interrupted,
                    List.of(new Crawler.Failure("", "the sealed package does not open: " + e.getMessage())));
            metrics.notCrawled();
            return List.of();
        }
        long[] last = {0};
        Crawler.Result result;
        try {
            result = crawler.crawl(pkg, (done, known, failures) -> {
                long now = System.currentTimeMillis();
                if (now - last[0] >= PROGRESS_EVERY_MS) {
                    last[0] = now;
                    progress(crawlId, done, known, interrupted, failures);
                }
            });
        } catch (RuntimeException e) {
            // The adapters answer a failed crawl rather than throw; should one throw anyway, the
            // release must still not become work again at every poll.
            result = new Crawler.Result(List.of(), List.of(), "the crawl failed: " + e);
        }
        if (stopped.get()) {
            // Stopped (shutting down) during the crawl, which then failed for that reason only: leave
            // the row pending and the crawl running; the next start records it interrupted and tries again.
            throw new IllegalStateException("the indexer stopped during the crawl " + crawlId);
        }
        metrics.crawled(result);
        List<PageDocument> documents = new ArrayList<>();
        for (Crawler.Page page : result.pages()) {
            documents.add(
                    document(p, version, page.pagePath(), page.query(), page.title(), page.headings(), page.text()));
        }
        List<Crawler.Failure> failures = new ArrayList<>(result.failures());
        String failedBecause = result.failedBecause();
        if (failedBecause != null) {
            LOG.warn("crawl {} failed: {}", crawlId, failedBecause);
            failures.add(new Crawler.Failure("", failedBecause));
        }
        finish(
                crawlId,
                result.failed() ? "failed" : "done",
                result.pages().size(),
                result.pages().size() + result.failures().size(),
                interrupted,
                failures);
        return documents;
    }

    private static PageDocument document(
            Program p,
            String version,
            String path,
            Map<String, String> query,
            String title,
            List<String> headings,
            String text) {
        return new PageDocument(
                p.tenant(),
                p.id(),
                p.name(),
                p.description(),
                version,
                path,
                query,
                title,
                headings,
                text,
                p.category(),
                p.tags(),
                p.hosts());
    }

    /** {@code interrupted}, the earlier attempts' interruptions, stay first in the failures: they are how attempts are counted. */
    private void progress(
            String id, int done, int known, List<Crawler.Failure> interrupted, List<Crawler.Failure> failures) {
        db.sql("UPDATE search_crawl SET pages_done = :d, pages_known = :k, failures = :f WHERE id = :id")
                .bind("d", done)
                .bind("k", known)
                .bind("f", ReadModelJson.write(concat(interrupted, failures)))
                .bind("id", id)
                .then()
                .block(BLOCK);
    }

    private static List<Crawler.Failure> concat(List<Crawler.Failure> a, List<Crawler.Failure> b) {
        List<Crawler.Failure> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Keeps the newest {@value #KEPT_CRAWLS} crawls of a mini-program (with this one about to start), so the table stays small. */
    private void forgetOldCrawls(String miniProgramId) {
        java.time.LocalDateTime cutoff = db.sql(
                        "SELECT started_at FROM search_crawl WHERE mini_program_id = :mp ORDER BY started_at DESC"
                                + " LIMIT 1 OFFSET " + (KEPT_CRAWLS - 2))
                .bind("mp", miniProgramId)
                .map(row -> row.get("started_at", java.time.LocalDateTime.class))
                .one()
                .block(BLOCK);
        if (cutoff != null) {
            db.sql("DELETE FROM search_crawl WHERE mini_program_id = :mp AND started_at < :cutoff")
                    .bind("mp", miniProgramId)
                    .bind("cutoff", cutoff)
                    .then()
                    .block(BLOCK);
        }
    }

    private void finish(
            String id,
            String state,
            int done,
            int known,
            List<Crawler.Failure> interrupted,
            List<Crawler.Failure> failures) {
        db.sql(
                        "UPDATE search_crawl SET state = :s, pages_done = :d, pages_known = :k, failures = :f, finished_at = :at WHERE id = :id")
                .bind("s", state)
                .bind("d", done)
                .bind("k", known)
                .bind("f", ReadModelJson.write(concat(interrupted, failures)))
                .bind("at", Rows.utc(Instant.now()))
                .bind("id", id)
                .then()
                .block(BLOCK);
    }

    @Override
    public void close() {
        stopped.set(true);
        worker.shutdownNow();
    }
}
