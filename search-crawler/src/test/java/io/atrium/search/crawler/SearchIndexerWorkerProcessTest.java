package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.lucene.LuceneSearchIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The indexer crawling the hostile corpus through worker processes, as the server does: a crawl
 * that kills its worker or overruns is recorded failed with its reason, its row is done, and the
 * next release is crawled by a fresh worker, all by the same indexer.
 */
class SearchIndexerWorkerProcessTest {

    @TempDir
    Path dir;

    ReadModelDatabase.Opened database;
    DatabaseClient db;
    SearchIndex index;
    WorkerProcessCrawler crawler;

    @BeforeEach
    void open() throws Exception {
        database = ReadModelDatabase.h2(dir.resolve("readmodel"), 2);
        db = DatabaseClient.create(database.connections());
        index = LuceneSearchIndex.writable(dir.resolve("index"));
    }

    @AfterEach
    void close() {
        if (crawler != null) {
            crawler.close();
        }
        index.close();
        database.connections().dispose();
    }

    /** A released mini-program whose package is the hostile corpus' {@code name}. */
    void release(String miniProgramId, long at) {
        db.sql(
                        "INSERT INTO search_program (mini_program_id, tenant_id, name, description, category, tags, current_version, listed, host_apps,"
                                + " changed_position, indexed_position, indexed_version, pending) VALUES (:id, 't1', :id, '', 'tools', '[]', '1.0.0', TRUE,"
                                + " '[\"h1\"]', :at, 0, NULL, TRUE)")
                .bind("id", miniProgramId)
                .bind("at", at)
                .then()
                .block();
        db.sql(
                        "INSERT INTO search_sealed (mini_program_id, version, digest, wrapped_data_key) VALUES (:id, '1.0.0', :d, 'k')")
                .bind("id", miniProgramId)
                .bind("d", "a".repeat(64))
                .then()
                .block();
    }

    SearchIndexer indexer(Duration maxTime) {
        return indexer(maxTime, SandboxLimits.DEFAULT);
    }

    SearchIndexer indexer(Duration maxTime, SandboxLimits sandbox) {
        crawler = new WorkerProcessCrawler(
                WorkerProcessCrawler.Settings.of(new Crawler.Limits(200, 5, maxTime), dir.resolve("worker"))
                        .withSandbox(sandbox)
                        .withGrace(Duration.ofSeconds(2))
                        .withHeap("64m"));
        // The package of "mp-<name>" is the hostile mini-program <name>.
        return new SearchIndexer(
                db,
                index,
                (mp, version, digest, key) -> TestPackages.open(mp, version, TestPackages.hostile(mp.substring(3))),
                crawler);
    }

    Map<String, Object> crawl(String miniProgramId) {
        return db.sql("SELECT state, pages_done, failures FROM search_crawl WHERE mini_program_id = :mp")
                .bind("mp", miniProgramId)
                .fetch()
                .one()
                .block();
    }

    long pending() {
        return db.sql("SELECT COUNT(*) AS n FROM search_program WHERE pending = TRUE")
                .map(r -> r.get("n", Long.class))
                .one()
                .block();
    }

    @Test
    void aCrawlThatKillsItsWorkerIsRecordedFailedAndTheNextReleaseIsCrawledByAFreshWorker() {
        release("mp-memory-hog", 5);
        release("mp-well-behaved", 6);
        SearchIndexer indexer = indexer(Duration.ofSeconds(30));

        assertThat(indexer.runOnce()).isEqualTo(2);

        assertThat(crawl("mp-memory-hog")).containsEntry("state", "failed");
        assertThat(crawl("mp-memory-hog").get("failures").toString()).contains("the crawl worker ran out of memory");
        assertThat(crawl("mp-well-behaved")).containsEntry("state", "done").containsEntry("pages_done", 2);
        assertThat(index.pages("t1", "mp-well-behaved")).hasSize(2);
        assertThat(crawler.workersStarted())
                .as("a fresh worker after the one that died")
                .isEqualTo(2);
        assertThat(pending()).as("the failed release is done with, not retried").isZero();
        assertThat(indexer.runOnce()).isZero();
    }

    /** Budgets far above the crawl's 3 s, so that only the worker's deadline can end the runaway page. */
    static final SandboxLimits LAX = new SandboxLimits(
                    Long.MAX_VALUE, Duration.ofSeconds(120), 1L << 40, 400, 1 << 20, 64, Duration.ofMillis(4), 1 << 20)
            .withSessionBounds(Duration.ofSeconds(120), 1L << 30, 1.0, Duration.ofSeconds(120));

    @Test
    void aCrawlPastItsLimitIsStoppedWithItsWorkerRecordedFailedAndTheNextReleaseIsCrawled() {
        release("mp-runaway", 5);
        release("mp-well-behaved", 6);
        SearchIndexer indexer = indexer(Duration.ofSeconds(3), LAX);

        long start = System.nanoTime();
        assertThat(indexer.runOnce()).isEqualTo(2);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(crawl("mp-runaway")).containsEntry("state", "failed");
        assertThat(crawl("mp-runaway").get("failures").toString())
                .contains("the crawl exceeded its 3 s limit and its worker was stopped");
        assertThat(crawl("mp-well-behaved")).containsEntry("state", "done").containsEntry("pages_done", 2);
        assertThat(pending()).isZero();
        // 3 s of limit and 2 s of grace for the runaway crawl, then a fresh worker's start and a short crawl.
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(crawler.workersStarted()).isEqualTo(2);
    }

    @Test
    void theReviewsHungTimerIsCrawledAndTheNextReleaseToo() {
        release("mp-hung-timer", 5);
        release("mp-well-behaved", 6);
        SearchIndexer indexer = indexer(Duration.ofSeconds(3));

        assertThat(indexer.runOnce()).isEqualTo(2);

        assertThat(crawl("mp-hung-timer")).containsEntry("state", "done").containsEntry("pages_done", 1);
        assertThat(crawl("mp-well-behaved")).containsEntry("state", "done").containsEntry("pages_done", 2);
        assertThat(pending()).isZero();
        assertThat(crawler.workersStarted()).isEqualTo(1);
    }
}
