package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.search.index.PageDocument;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.lucene.LuceneSearchIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.core.DatabaseClient;

/** The indexer against the real read-model schema (embedded H2): each kind of change, a failing package, and a lost index. */
class SearchIndexerTest {

    @TempDir
    Path dir;

    ReadModelDatabase.Opened database;
    DatabaseClient db;
    SearchIndex index;
    Crawler crawler;
    final AtomicInteger opened = new AtomicInteger();
    volatile boolean broken;

    @BeforeEach
    void open() throws Exception {
        database = ReadModelDatabase.h2(dir.resolve("readmodel"), 2);
        db = DatabaseClient.create(database.connections());
        index = LuceneSearchIndex.writable(dir.resolve("index"));
        crawler = new Crawler(
                AtriumRuntime.builder().storageDir(dir.resolve("crawler")).build(), Crawler.Limits.DEFAULT);
        db.sql(
                        "INSERT INTO search_program (mini_program_id, tenant_id, name, description, category, tags, current_version, listed, host_apps,"
                                + " changed_position, indexed_position, indexed_version, pending) VALUES ('mp-shop', 't1', 'Tea Shop', 'Teas', 'food', '[\"tea\"]',"
                                + " '1.0.0', TRUE, '[\"h1\"]', 5, 0, NULL, TRUE)")
                .then()
                .block();
        db.sql(
                        "INSERT INTO search_sealed (mini_program_id, version, digest, wrapped_data_key) VALUES ('mp-shop', '1.0.0', :d, 'k')")
                .bind("d", "a".repeat(64))
                .then()
                .block();
    }

    @AfterEach
    void close() {
        index.close();
        database.connections().dispose();
    }

    SearchIndexer indexer(SearchIndex target) {
        return new SearchIndexer(
                db,
                target,
                (mp, version, digest, key) -> {
                    opened.incrementAndGet();
                    if (broken) {
                        throw new IllegalStateException("the signature does not verify");
                    }
                    return TestPackages.open(mp, version, TestPackages.shop());
                },
                new InProcessCrawler(crawler, Duration.ofSeconds(5)));
    }

    void change(String set, long at) {
        db.sql("UPDATE search_program SET " + set
                        + ", changed_position = :at, pending = TRUE WHERE mini_program_id = 'mp-shop'")
                .bind("at", at)
                .then()
                .block();
    }

    Map<String, Object> row() {
        return db.sql(
                        "SELECT pending, indexed_position, indexed_version FROM search_program WHERE mini_program_id = 'mp-shop'")
                .fetch()
                .one()
                .block();
    }

    @Test
    void crawlsAReleaseThenFollowsDelistRelistHostsAndDetailsWithoutRecrawling() {
        SearchIndexer indexer = indexer(index);
        assertThat(indexer.runOnce()).isEqualTo(1);
        assertThat(index.pages("t1", "mp-shop"))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.hostApps()).containsExactly("h1"));
        assertThat(row())
                .containsEntry("pending", false)
                .containsEntry("indexed_position", 5L)
                .containsEntry("indexed_version", "1.0.0");
        assertThat(db.sql("SELECT state, pages_done FROM search_crawl")
                        .fetch()
                        .one()
                        .block())
                .containsEntry("state", "done")
                .containsEntry("pages_done", index.pages("t1", "mp-shop").size());
        assertThat(indexer.runOnce()).as("nothing pending").isZero();

        change("host_apps = '[\"h1\",\"h2\"]', name = 'Tea Shop Plus'", 6);
        indexer.runOnce();
        assertThat(opened).as("hosts and details change without a crawl").hasValue(1);
        assertThat(index.pages("t1", "mp-shop")).allSatisfy(p -> {
            assertThat(p.hostApps()).containsExactlyInAnyOrder("h1", "h2");
            assertThat(p.name()).isEqualTo("Tea Shop Plus");
        });

        change("listed = FALSE", 7);
        indexer.runOnce();
        assertThat(index.pages("t1", "mp-shop")).isEmpty();
        assertThat(row()).containsEntry("indexed_version", null);

        change("listed = TRUE", 8);
        indexer.runOnce();
        assertThat(index.pages("t1", "mp-shop")).isNotEmpty();
        assertThat(opened).hasValue(2);

        // A replay of the search projection starts the row over; the release is in the index already.
        db.sql("UPDATE search_program SET indexed_version = NULL, indexed_position = 0, pending = TRUE")
                .then()
                .block();
        indexer.runOnce();
        assertThat(opened).as("no second crawl of the same release").hasValue(2);
        assertThat(row()).containsEntry("pending", false).containsEntry("indexed_version", "1.0.0");

        change("current_version = '1.1.0'", 9);
        db.sql(
                        "INSERT INTO search_sealed (mini_program_id, version, digest, wrapped_data_key) VALUES ('mp-shop', '1.1.0', :d, 'k')")
                .bind("d", "b".repeat(64))
                .then()
                .block();
        indexer.runOnce();
        assertThat(opened).as("a new release is crawled").hasValue(3);
        assertThat(index.pages("t1", "mp-shop"))
                .extracting(PageDocument::version)
                .containsOnly("1.1.0");
    }

    @Test
    void rowsWithNothingToShowCostTheIndexNothingAndAChunkIsOneIndexChange() {
        AtomicInteger changes = new AtomicInteger();
        SearchIndex counting = new SearchIndex() {
            @Override
            public void replaceAll(List<Replacement> replacements) {
                changes.incrementAndGet();
                index.replaceAll(replacements);
            }

            @Override
            public List<PageDocument> pages(String tenant, String miniProgramId) {
                return index.pages(tenant, miniProgramId);
            }

            @Override
            public io.atrium.search.index.SearchResults search(io.atrium.search.index.SearchQuery query) {
                return index.search(query);
            }

            @Override
            public List<String> suggest(
                    String tenant, String hostAppId, String prefix, int size, java.util.Set<String> withheld) {
                return index.suggest(tenant, hostAppId, prefix, size, withheld);
            }

            @Override
            public long count() {
                return index.count();
            }

            @Override
            public void close() {}
        };
        for (int i = 0; i < 5; i++) {
            db.sql(
                            "INSERT INTO search_program (mini_program_id, tenant_id, name, description, category, tags, current_version, listed,"
                                    + " host_apps, changed_position, indexed_position, indexed_version, pending) VALUES (:id, 't1', 'Draft', '', '', '[]',"
                                    + " NULL, TRUE, '[]', :at, 0, NULL, TRUE)")
                    .bind("id", "mp-draft-" + i)
                    .bind("at", 10 + i)
                    .then()
                    .block();
        }
        SearchIndexer indexer = indexer(counting);
        assertThat(indexer.runOnce()).isEqualTo(6);
        assertThat(changes)
                .as("the release's crawl, and nothing for five drafts, in one change")
                .hasValue(1);

        for (int i = 0; i < 5; i++) {
            db.sql(
                            "UPDATE search_program SET name = 'Still a draft', changed_position = :at, pending = TRUE WHERE mini_program_id = :id")
                    .bind("at", 20 + i)
                    .bind("id", "mp-draft-" + i)
                    .then()
                    .block();
        }
        change("name = 'Tea Shop Renamed'", 30);
        indexer.runOnce();
        assertThat(changes).as("one more change for the renamed release only").hasValue(2);
        assertThat(index.pages("t1", "mp-shop")).extracting(PageDocument::name).containsOnly("Tea Shop Renamed");
        assertThat(db.sql("SELECT COUNT(*) AS n FROM search_program WHERE pending = TRUE")
                        .map(r -> r.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    @Test
    void onlyTheNewestCrawlsOfAMiniProgramAreKept() {
        SearchIndexer indexer = indexer(index);
        indexer.runOnce();
        for (int i = 0; i < SearchIndexer.KEPT_CRAWLS + 5; i++) {
            change("listed = FALSE", 100 + 2 * i);
            indexer.runOnce();
            change("listed = TRUE", 101 + 2 * i);
            indexer.runOnce();
        }
        assertThat(opened).hasValue(SearchIndexer.KEPT_CRAWLS + 6);
        List<Map<String, Object>> crawls = db.sql("SELECT id FROM search_crawl ORDER BY started_at DESC")
                .fetch()
                .all()
                .collectList()
                .block();
        assertThat(crawls).hasSize(SearchIndexer.KEPT_CRAWLS);
        assertThat(crawls.get(0).get("id")).isEqualTo("mp-shop@1.0.0@" + (101 + 2 * (SearchIndexer.KEPT_CRAWLS + 4)));
    }

    @Test
    void aPackageThatDoesNotOpenIsRecordedAsAFailedCrawl() {
        broken = true;
        indexer(index).runOnce();
        assertThat(index.pages("t1", "mp-shop")).isEmpty();
        Map<String, Object> crawl =
                db.sql("SELECT state, failures FROM search_crawl").fetch().one().block();
        assertThat(crawl).containsEntry("state", "failed");
        assertThat(crawl.get("failures").toString()).contains("the signature does not verify");
    }

    @Test
    void anEmptiedIndexIsRebuiltFromTheReadModel() {
        indexer(index).runOnce();
        assertThat(index.pages("t1", "mp-shop")).isNotEmpty();
        assertThat(indexer(index).recoverLostIndex()).as("the index is whole").isZero();

        try (SearchIndex fresh = LuceneSearchIndex.writable(dir.resolve("new-index"))) {
            SearchIndexer indexer = indexer(fresh);
            assertThat(indexer.recoverLostIndex()).isEqualTo(1);
            indexer.runOnce();
            assertThat(fresh.pages("t1", "mp-shop"))
                    .extracting(PageDocument::version)
                    .isNotEmpty()
                    .containsOnly("1.0.0");
        }
    }

    /** Thrown by a crawl to stand for the process dying under it: nothing after it runs. */
    static final class ProcessDied extends Error {}

    @Test
    void aCrawlLeftRunningByAPreviousProcessIsRecordedInterruptedAndNotResumedForever() {
        AtomicInteger crawls = new AtomicInteger();
        PackageCrawler killsTheProcess = (pkg, progress) -> {
            crawls.incrementAndGet();
            throw new ProcessDied();
        };
        for (int restart = 0; restart < 6; restart++) {
            SearchIndexer indexer = new SearchIndexer(
                    db,
                    index,
                    (mp, version, digest, key) -> TestPackages.open(mp, version, TestPackages.shop()),
                    killsTheProcess);
            indexer.recoverInterruptedCrawls();
            if (restart > 0) {
                assertThat(db.sql("SELECT state FROM search_crawl")
                                .map(r -> r.get("state", String.class))
                                .one()
                                .block())
                        .as("the crawl the previous process left running is over")
                        .isEqualTo("failed");
            }
            try {
                indexer.runOnce();
            } catch (ProcessDied e) {
                // the process is gone; the crawl's row says running
            }
        }
        assertThat(crawls).as("attempts at the release, however many restarts").hasValue(SearchIndexer.MAX_ATTEMPTS);
        Map<String, Object> crawl =
                db.sql("SELECT state, failures FROM search_crawl").fetch().one().block();
        assertThat(crawl).containsEntry("state", "failed");
        assertThat(crawl.get("failures").toString())
                .contains("interrupted by a restart")
                .contains("not crawled again");
        assertThat(row()).containsEntry("pending", false).containsEntry("indexed_version", "1.0.0");
    }
}
