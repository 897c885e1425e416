package io.atrium.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.Role;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.projection.ProjectionEventSkipped;
import io.atrium.projections.apikey.ApiKeyProjection;
import io.atrium.projections.audit.AuditLogProjection;
import io.atrium.projections.catalogue.CatalogueProjection;
import io.atrium.projections.feed.UnreadableEvent;
import io.atrium.projections.hostapp.HostAppProjection;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.runner.OwnConnection;
import io.atrium.projections.runner.Projection;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ProjectionStatus;
import io.atrium.projections.runner.ReplayProgress;
import io.atrium.projections.runner.Replayer;
import io.atrium.projections.runner.SkipRefusedException;
import io.atrium.projections.runner.SkippedEventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A poison event (one no code can read) stops only the projections that read its type, which report
 * it; the others go on. An operator who confirms its position skips it, the skip is recorded, and the
 * projection resumes after it; a replay passes over it too.
 */
class PoisonEventTest {

    static final ActorId OPERATOR = new ActorId("key-01jd00000000000000000000op");

    @TempDir
    Path dir;

    private ReadModelDatabase.Opened database;
    private DatabaseClient db;
    private final ListEventFeed feed = new ListEventFeed();
    private final List<ProjectionRunner> runners = new ArrayList<>();
    private final List<ProjectionEventSkipped> recorded = new CopyOnWriteArrayList<>();
    private final SkippedEventLog log = (skipped, metadata) -> recorded.add(skipped);
    private long poisonPosition;
    private final MiniProgramId after = new MiniProgramId("mp-01jd000000000000000000aftr");

    @BeforeEach
    void start() throws Exception {
        database = ReadModelDatabase.h2(dir.resolve("readmodel"), 4);
        db = DatabaseClient.create(database.connections());
        feed.events.addAll(Histories.lifecycles(3));
        poisonPosition = feed.events.size() + 1;
        add(new UnreadableEvent(
                "mp-01jd000000000000000000pois",
                "atrium.miniprogram.Teleported",
                "no event type is named atrium.miniprogram.Teleported"));
        add(new ApiKeyIssued(
                new ApiKeyId("key-01jd000000000000000000aftr"),
                TenantId.DEFAULT,
                "after",
                Set.of(Role.AUDITOR),
                "b".repeat(64),
                OPERATOR));
        add(new MiniProgramCreated(
                after, TenantId.DEFAULT, MiniProgramDetails.of("After", "", "tools", List.of()), OPERATOR));
    }

    @AfterEach
    void stop() {
        runners.forEach(ProjectionRunner::stop);
        database.connections().dispose();
    }

    private void add(AtriumEvent event) {
        feed.append(event, OPERATOR);
    }

    private ProjectionRunner run(Projection projection) {
        ProjectionRunner runner = new ProjectionRunner(
                projection, feed, new OwnConnection(database.connections().unwrap()));
        runners.add(runner);
        runner.start();
        return runner;
    }

    private static void awaitState(ProjectionRunner runner, String state, long position) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> runner.status().state().equals(state) && runner.position() == position);
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> ((Number) r.get(0)).longValue()).one().block();
    }

    @Test
    void aPoisonEventStopsOnlyItsReadersUntilAnOperatorSkipsIt() {
        ProjectionRunner catalogue = run(new CatalogueProjection());
        ProjectionRunner audit = run(new AuditLogProjection());
        ProjectionRunner apiKeys = run(new ApiKeyProjection());
        ProjectionRunner hostApps = run(new HostAppProjection());
        long head = feed.headPosition();

        // Catalogue and audit log read mini-program events: they stop just before the poison and report it.
        for (ProjectionRunner stopped : List.of(catalogue, audit)) {
            awaitState(stopped, ProjectionRunner.STOPPED_ON_POISON, poisonPosition - 1);
            ProjectionStatus status = stopped.status();
            assertThat(status.poison().position()).isEqualTo(poisonPosition);
            assertThat(status.poison().type()).isEqualTo("atrium.miniprogram.Teleported");
            assertThat(status.poison().error()).contains("no event type is named");
            assertThat(status.lastError()).contains("position " + poisonPosition);
        }
        // The others go on past it, to the head.
        awaitState(apiKeys, "running", head);
        awaitState(hostApps, "running", head);
        assertThat(count("SELECT COUNT(*) FROM api_key_view")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM mini_program WHERE id = '" + after + "'"))
                .isZero();

        EventMetadata operator = new EventMetadata(
                TenantId.DEFAULT, OPERATOR, "10.0.0.9", "req-1", "", "SkipPoisonEvent", Instant.now());
        assertThatThrownBy(() -> catalogue.skip(poisonPosition + 1, "wrong one", operator, log))
                .isInstanceOf(SkipRefusedException.class)
                .extracting("rule")
                .isEqualTo("position-mismatch");
        assertThatThrownBy(() -> apiKeys.skip(poisonPosition, "not stopped", operator, log))
                .isInstanceOf(SkipRefusedException.class)
                .extracting("rule")
                .isEqualTo("not-stopped-on-poison");
        assertThat(recorded).isEmpty();

        ProjectionEventSkipped skipped = catalogue.skip(poisonPosition, "written by a test build", operator, log);

        assertThat(recorded).containsExactly(skipped);
        assertThat(skipped)
                .isEqualTo(new ProjectionEventSkipped(
                        "catalogue",
                        poisonPosition,
                        "atrium.miniprogram.Teleported",
                        "no event type is named atrium.miniprogram.Teleported",
                        "written by a test build",
                        OPERATOR));
        awaitState(catalogue, "running", head);
        assertThat(catalogue.status().poison()).isNull();
        assertThat(count("SELECT COUNT(*) FROM mini_program WHERE id = '" + after + "'"))
                .isEqualTo(1);
        // The audit log stays stopped until it is told too.
        assertThat(audit.status().state()).isEqualTo(ProjectionRunner.STOPPED_ON_POISON);
        audit.skip(poisonPosition, "written by a test build", operator, log);
        awaitState(audit, "running", head);
        assertThat(count("SELECT COUNT(*) FROM audit_log")).isEqualTo(head - 1);

        // A replay from the first event passes over the skipped event instead of stopping again.
        TransactionalOperator transactions =
                TransactionalOperator.create(new R2dbcTransactionManager(database.connections()));
        List<ReplayProgress> progress = new ArrayList<>();
        new Replayer(feed, db, transactions, database.dialect()).replay(catalogue, progress::add);
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo("done");
        assertThat(count("SELECT COUNT(*) FROM mini_program")).isEqualTo(4);
    }

    @Test
    void aReplayStopsOnAPoisonEventNobodySkipped() {
        ProjectionRunner catalogue = run(new CatalogueProjection());
        awaitState(catalogue, ProjectionRunner.STOPPED_ON_POISON, poisonPosition - 1);
        TransactionalOperator transactions =
                TransactionalOperator.create(new R2dbcTransactionManager(database.connections()));
        List<ReplayProgress> progress = new ArrayList<>();
        new Replayer(feed, db, transactions, database.dialect()).replay(catalogue, progress::add);
        ReplayProgress last = progress.get(progress.size() - 1);
        assertThat(last.phase()).isEqualTo("failed");
    }
}
