package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.hostapp.MiniProgramDissociated;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDelisted;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.MiniProgramRelisted;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.ReleaseRolledBack;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.events.miniprogram.VersionUploaded;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.runner.Projection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The search projection against the real read-model schema (embedded H2): what each event leaves in
 * the row, and the same rows whether a history arrives as one batch or one event at a time.
 */
class SearchProjectionTest {

    static final MiniProgramId SHOP = new MiniProgramId("mp-01jd0000000000000000000001");
    static final MiniProgramId DRAFT = new MiniProgramId("mp-01jd0000000000000000000002");
    static final HostAppId H1 = new HostAppId("ha-01jd0000000000000000000001");
    static final HostAppId H2 = new HostAppId("ha-01jd0000000000000000000002");
    static final ActorId DEV = new ActorId("key-dev");

    @TempDir
    Path dir;

    ReadModelDatabase.Opened database;
    DatabaseClient db;
    final SearchProjection projection = new SearchProjection();
    final List<StoredEvent> history = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        database = ReadModelDatabase.h2(dir.resolve("readmodel"), 2);
        db = DatabaseClient.create(database.connections());
    }

    @AfterEach
    void close() {
        database.connections().dispose();
    }

    void add(AtriumEvent event) {
        long position = history.size() + 1;
        Instant at = Instant.parse("2026-11-01T00:00:00Z").plusMillis(position);
        history.add(new StoredEvent(
                position,
                new FeedPosition(position, new TreeSet<>()),
                "e-" + position,
                event.aggregateId(),
                "T",
                0,
                at,
                event,
                new EventMetadata(TenantId.DEFAULT, DEV, "10.0.0.1", "corr", "cause", "Command", at)));
    }

    void lifecycle() {
        VersionNumber v1 = VersionNumber.of("1.0.0");
        VersionNumber v2 = VersionNumber.of("2.0.0");
        SealedPackage sealed = new SealedPackage("s".repeat(64), 10, "m".repeat(64), "kid", "wrapped", "sig");
        add(new MiniProgramCreated(
                SHOP, TenantId.DEFAULT, MiniProgramDetails.of("Tea Shop", null, "food", List.of("tea")), DEV));
        add(new MiniProgramCreated(DRAFT, TenantId.DEFAULT, MiniProgramDetails.of("Draft", "d", null, List.of()), DEV));
        add(new VersionUploaded(
                SHOP, v1, "", "d".repeat(64), 10, List.of(new PackageFile("app.js", 10, "f".repeat(64))), DEV));
        add(new VersionApproved(SHOP, v1, new ActorId("key-rev"), sealed));
        add(new VersionReleased(SHOP, v1, null, null));
        add(new MiniProgramAssociated(H1, SHOP));
        add(new MiniProgramAssociated(H2, SHOP));
        add(new MiniProgramDetailsUpdated(
                SHOP, MiniProgramDetails.of("Tea Shop Plus", "Teas", "food", List.of("tea", "green"))));
        add(new VersionApproved(SHOP, v2, new ActorId("key-rev"), sealed));
        add(new VersionReleased(SHOP, v2, v1, null));
        add(new MiniProgramDissociated(H1, SHOP));
        add(new MiniProgramDelisted(SHOP, "policy", false));
        add(new MiniProgramRelisted(SHOP));
        add(new ReleaseRolledBack(SHOP, v2, v1, "bug"));
        add(new MiniProgramDetailsUpdated(DRAFT, MiniProgramDetails.of("Draft 2", "d", null, List.of())));
    }

    void applyInBatchesOf(int size) {
        for (int i = 0; i < history.size(); i += size) {
            projection
                    .apply(history.subList(i, Math.min(history.size(), i + size)), Projection.Tables.LIVE, db)
                    .block();
        }
    }

    List<Map<String, Object>> rows(String sql) {
        return db.sql(sql).fetch().all().collectList().block();
    }

    Map<String, Object> row(MiniProgramId id) {
        return db.sql("SELECT * FROM search_program WHERE mini_program_id = :id")
                .bind("id", id.value())
                .fetch()
                .one()
                .block();
    }

    @Test
    void eachEventLeavesWhatSearchShouldShow() {
        lifecycle();
        applyInBatchesOf(history.size());
        assertThat(row(SHOP))
                .containsEntry("name", "Tea Shop Plus")
                .containsEntry("description", "Teas")
                .containsEntry("tags", "[\"tea\",\"green\"]")
                .containsEntry("current_version", "1.0.0")
                .containsEntry("listed", true)
                .containsEntry("host_apps", "[\"" + H2.value() + "\"]")
                .containsEntry("changed_position", 14L)
                .containsEntry("indexed_position", 0L)
                .containsEntry("pending", true);
        assertThat(row(DRAFT))
                .containsEntry("name", "Draft 2")
                .containsEntry("category", "general")
                .containsEntry("current_version", null)
                .containsEntry("changed_position", 15L);
        assertThat(rows("SELECT mini_program_id, version FROM search_sealed ORDER BY version"))
                .hasSize(2);
    }

    @Test
    void aHistoryGivesTheSameRowsInOneBatchAsOneEventAtATime() {
        lifecycle();
        applyInBatchesOf(history.size());
        List<Map<String, Object>> programs = rows("SELECT * FROM search_program ORDER BY mini_program_id");
        List<Map<String, Object>> sealed = rows("SELECT * FROM search_sealed ORDER BY mini_program_id, version");
        db.sql("DELETE FROM search_program").then().block();
        db.sql("DELETE FROM search_sealed").then().block();

        applyInBatchesOf(1);
        assertThat(rows("SELECT * FROM search_program ORDER BY mini_program_id"))
                .isEqualTo(programs);
        assertThat(rows("SELECT * FROM search_sealed ORDER BY mini_program_id, version"))
                .isEqualTo(sealed);
        db.sql("DELETE FROM search_program").then().block();
        db.sql("DELETE FROM search_sealed").then().block();

        applyInBatchesOf(4);
        assertThat(rows("SELECT * FROM search_program ORDER BY mini_program_id"))
                .isEqualTo(programs);
    }

    @Test
    void detailsMakeARowPendingOnlyWhenItHasAReleaseOrIndexedPages() {
        add(new MiniProgramCreated(
                SHOP, TenantId.DEFAULT, MiniProgramDetails.of("Tea Shop", "", "food", List.of()), DEV));
        add(new MiniProgramCreated(
                DRAFT, TenantId.DEFAULT, MiniProgramDetails.of("Draft", "", "tools", List.of()), DEV));
        add(new VersionReleased(SHOP, VersionNumber.of("1.0.0"), null, null));
        applyInBatchesOf(history.size());
        // The indexer has caught up with both rows.
        db.sql("UPDATE search_program SET pending = FALSE, indexed_position = changed_position")
                .then()
                .block();

        history.clear();
        add(new MiniProgramDetailsUpdated(SHOP, MiniProgramDetails.of("Tea Shop 2", "", "food", List.of())));
        add(new MiniProgramDetailsUpdated(DRAFT, MiniProgramDetails.of("Draft 2", "", "tools", List.of())));
        add(new MiniProgramAssociated(H1, DRAFT));
        applyInBatchesOf(history.size());
        assertThat(row(SHOP)).containsEntry("pending", true).containsEntry("name", "Tea Shop 2");
        assertThat(row(DRAFT))
                .as("a draft being edited is no work for the indexer")
                .containsEntry("pending", false)
                .containsEntry("name", "Draft 2")
                .containsEntry("host_apps", "[\"" + H1.value() + "\"]");

        db.sql("UPDATE search_program SET pending = FALSE, indexed_version = '0.9.0' WHERE mini_program_id = :id")
                .bind("id", DRAFT.value())
                .then()
                .block();
        history.clear();
        add(new MiniProgramDissociated(H1, DRAFT));
        applyInBatchesOf(history.size());
        assertThat(row(DRAFT))
                .as("pages of it are indexed")
                .containsEntry("pending", true)
                .containsEntry("host_apps", "[]");
    }
}
