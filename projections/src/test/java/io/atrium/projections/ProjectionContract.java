package io.atrium.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.events.audit.AuditChain;
import io.atrium.events.audit.AuditEntry;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.projections.apikey.ApiKeyProjection;
import io.atrium.projections.audit.AuditLogProjection;
import io.atrium.projections.catalogue.CatalogueProjection;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.hostapp.HostAppProjection;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.runner.Projection;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ReplayProgress;
import io.atrium.projections.runner.Replayer;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What the projection runner and replay must guarantee, whichever database holds the read models:
 * crash-safe batches (no lost and no doubled rows), restart from the checkpoint, and a replay that
 * equals the incremental build row for row.
 */
abstract class ProjectionContract {

    /** A fresh, migrated read-model database. */
    protected abstract ReadModelDatabase.Opened open() throws Exception;

    protected ReadModelDatabase.Opened database;
    protected DatabaseClient db;
    protected TransactionalOperator transactions;
    private final List<ProjectionRunner> runners = new ArrayList<>();
    private final ListEventFeed feed = new ListEventFeed();

    @BeforeEach
    void start() throws Exception {
        database = open();
        db = DatabaseClient.create(database.connections());
        transactions = TransactionalOperator.create(new R2dbcTransactionManager(database.connections()));
    }

    @AfterEach
    void stop() {
        runners.forEach(ProjectionRunner::stop);
        database.connections().dispose();
    }

    private ProjectionRunner run(Projection projection) {
        // As the server runs them: on a connection of the runner's own.
        ProjectionRunner runner = new ProjectionRunner(
                projection,
                feed,
                new io.atrium.projections.runner.OwnConnection(
                        database.connections().unwrap()));
        runners.add(runner);
        runner.start();
        return runner;
    }

    private void awaitPosition(ProjectionRunner runner, long position) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> runner.position() >= position);
    }

    private List<Map<String, Object>> rows(String table, String orderBy) {
        return db.sql("SELECT * FROM " + table + " ORDER BY " + orderBy)
                .fetch()
                .all()
                .collectList()
                .block();
    }

    private long count(String table) {
        return db.sql("SELECT COUNT(*) AS n FROM " + table)
                .map(r -> ((Number) r.get("n")).longValue())
                .one()
                .block();
    }

    /** Fails once, after the delegate wrote part of the batch, inside the batch's transaction. */
    private static Projection failingOnce(Projection delegate, int onBatch) {
        AtomicInteger batches = new AtomicInteger();
        return new Projection() {
            @Override
            public String name() {
                return delegate.name();
            }

            @Override
            public List<ReadModelDialect.Table> tables() {
                return delegate.tables();
            }

            @Override
            public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient client) {
                Mono<Void> write = delegate.apply(batch, tables, client);
                if (batches.incrementAndGet() == onBatch) {
                    return write.then(Mono.error(new IllegalStateException("the process dies mid-batch")));
                }
                return write;
            }
        };
    }

    @Test
    void aBatchThatFailsHalfwayLeavesNothingAndIsAppliedExactlyOnceOnRetry() {
        feed.events.addAll(Histories.lifecycles(200));
        long head = feed.headPosition();
        ProjectionRunner audit = run(failingOnce(new AuditLogProjection(), 2));
        ProjectionRunner catalogue = run(failingOnce(new CatalogueProjection(), 2));
        awaitPosition(audit, head);
        awaitPosition(catalogue, head);
        assertThat(count("audit_log")).isEqualTo(head);
        List<Long> seqs = db.sql("SELECT seq FROM audit_log ORDER BY seq")
                .map(r -> r.get("seq", Long.class))
                .all()
                .collectList()
                .block();
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        assertThat(count("mini_program")).isEqualTo(200);
        assertThat(count("mini_program_version")).isEqualTo(200);
        // Every fifth program was given an icon, every fifteenth had it removed again: 40 - 14.
        assertThat(db.sql("SELECT icon FROM mini_program WHERE icon IS NOT NULL")
                        .map(r -> r.get("icon", String.class))
                        .all()
                        .collectList()
                        .block())
                .hasSize(26)
                .allSatisfy(icon -> assertThat(icon).contains("\"mediaType\":\"image/png\"", "\"width\":144"));
        assertChainHolds();
    }

    @Test
    void aStoppedRunnerResumesFromItsCheckpoint() {
        List<StoredEvent> all = Histories.lifecycles(150);
        feed.events.addAll(all.subList(0, 400));
        ProjectionRunner first = run(new AuditLogProjection());
        awaitPosition(first, 400);
        first.stop();
        feed.events.addAll(all.subList(400, all.size()));
        ProjectionRunner second = run(new AuditLogProjection());
        awaitPosition(second, feed.headPosition());
        assertThat(count("audit_log")).isEqualTo(all.size());
        assertChainHolds();
    }

    @Test
    void aReplayEqualsTheIncrementalBuildRowForRow() {
        feed.events.addAll(Histories.lifecycles(300));
        List<Projection> projections = List.of(
                new AuditLogProjection(), new CatalogueProjection(), new HostAppProjection(), new ApiKeyProjection());
        List<ProjectionRunner> live = projections.stream().map(this::run).toList();
        live.forEach(r -> awaitPosition(r, feed.headPosition()));
        Map<String, String> tables = Map.of(
                "audit_log",
                "seq",
                "mini_program",
                "id",
                "mini_program_version",
                "mini_program_id, version",
                "host_app",
                "id",
                "host_app_mini_program",
                "host_app_id, mini_program_id",
                "host_app_definition",
                "host_app_id, kind, name",
                "api_key_view",
                "id");
        Map<String, List<Map<String, Object>>> incremental = new java.util.HashMap<>();
        tables.forEach((t, order) -> incremental.put(t, rows(t, order)));
        assertThat(incremental.get("mini_program")).hasSize(300);

        Replayer replayer = new Replayer(feed, db, transactions, database.dialect());
        for (ProjectionRunner runner : live) {
            List<ReplayProgress> progress = new ArrayList<>();
            replayer.replay(runner, progress::add);
            assertThat(progress.get(progress.size() - 1).phase())
                    .as(runner.projection().name())
                    .isEqualTo("done");
            assertThat(progress.get(progress.size() - 1).eventsDone()).isEqualTo(feed.headPosition());
        }
        tables.forEach((t, order) -> assertThat(rows(t, order)).as(t).isEqualTo(incremental.get(t)));
        // And the live runners carry on from the replay's checkpoint.
        feed.events.addAll(Histories.lifecycles(301)
                .subList(feed.events.size(), Histories.lifecycles(301).size()));
        live.forEach(r -> awaitPosition(r, feed.headPosition()));
        assertThat(count("mini_program")).isEqualTo(301);
        assertChainHolds();
    }

    @Test
    void aSecretRotationMovesTheHostAppsGenerationAndThePositionSnapshotsPollBy() {
        HostAppId rotated = new HostAppId("ha-01jd0000000000000000000001");
        HostAppId untouched = new HostAppId("ha-01jd0000000000000000000002");
        feed.events.addAll(Histories.secretRotations(rotated, untouched));
        ProjectionRunner hostApps = run(new HostAppProjection());
        awaitPosition(hostApps, feed.headPosition());

        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        rows("host_app", "id").forEach(r -> byId.put((String) r.get("id"), r));
        assertThat(((Number) byId.get(rotated.value()).get("secret_generation")).intValue())
                .isEqualTo(3);
        assertThat(((Number) byId.get(rotated.value()).get("position")).longValue())
                .as("a query node's snapshot re-reads rows whose position passed its last poll")
                .isEqualTo(4);
        assertThat(byId.get(rotated.value()).get("domains")).isEqualTo("[\"api.example.com\"]");
        assertThat(byId.get(rotated.value()).get("previous_secret_valid_until"))
                .as("the grace end of the previous secret, in UTC as every instant of the read model")
                .isEqualTo(java.time.LocalDateTime.ofInstant(Histories.GRACE_UNTIL, java.time.ZoneOffset.UTC));
        assertThat(byId.get(untouched.value()).get("previous_secret_valid_until"))
                .isNull();
        assertThat(((Number) byId.get(untouched.value()).get("secret_generation")).intValue())
                .isEqualTo(1);
        assertThat(((Number) byId.get(untouched.value()).get("position")).longValue())
                .isEqualTo(5);
    }

    private void assertChainHolds() {
        String previous = AuditChain.GENESIS;
        for (Map<String, Object> row : rows("audit_log", "seq")) {
            AuditEntry entry = new AuditEntry(
                    ((Number) row.get("seq")).longValue(),
                    ((Number) row.get("position")).longValue(),
                    (String) row.get("event_id"),
                    (String) row.get("aggregate_id"),
                    (String) row.get("aggregate_type"),
                    ((Number) row.get("sequence_number")).longValue(),
                    (String) row.get("event_type"),
                    (String) row.get("tenant_id"),
                    (String) row.get("actor"),
                    (String) row.get("client_address"),
                    (String) row.get("correlation_id"),
                    (String) row.get("causation_id"),
                    (String) row.get("command_name"),
                    ((LocalDateTime) row.get("occurred_at")).toInstant(java.time.ZoneOffset.UTC),
                    (String) row.get("payload"));
            assertThat(row.get("prev_hash")).isEqualTo(previous);
            assertThat(row.get("hash")).as("entry " + entry.seq()).isEqualTo(AuditChain.hash(previous, entry));
            previous = (String) row.get("hash");
        }
    }
}
