package io.atrium.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.Role;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.projections.apikey.ApiKeyProjection;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.UnreadableEvent;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.runner.Checkpoints;
import io.atrium.projections.runner.OwnConnection;
import io.atrium.projections.runner.ProjectionRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A projection passes over events of types it does not read without a transaction each: it is at
 * their position at once in memory, its checkpoint follows with the next event it reads or once the
 * deferral has passed, is written before it stops on a poison event, and a restart from the older
 * checkpoint reads the passed-over events again harmlessly.
 */
class DeferredCheckpointTest {

    static final ActorId OPERATOR = new ActorId("key-01jd00000000000000000000op");

    @TempDir
    Path dir;

    private ReadModelDatabase.Opened database;
    private DatabaseClient db;
    private final ListEventFeed feed = new ListEventFeed();
    private ProjectionRunner runner;

    @BeforeEach
    void open() throws Exception {
        database = ReadModelDatabase.h2(dir.resolve("readmodel"), 4);
        db = DatabaseClient.create(database.connections());
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.stop();
        }
        database.connections().dispose();
    }

    @Test
    void eventsItDoesNotReadAreAtTheirPositionAtOnceAndTheirCheckpointFollowsLater() {
        add(key("first"));
        runner = start();
        // A long deferral, so that "not yet written" is seen even on a slow machine.
        runner.deferCheckpointFor(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint() == 1);

        // Passed over: the runner is at its position, the checkpoint is not (before, each batch committed it).
        add(program(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == 2);
        assertThat(checkpoint()).isEqualTo(1);

        // The next event it reads is applied at once, and its checkpoint covers what was passed over.
        add(key("second"));
        await().atMost(Duration.ofSeconds(3)).until(() -> checkpoint() == 3);
        assertThat(count("SELECT COUNT(*) FROM api_key_view")).isEqualTo(2);

        // Passed over and nothing else comes: written once the deferral has passed.
        add(program(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == 4);
        assertThat(checkpoint()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint() == 4);
    }

    @Test
    void aPoisonEventAfterEventsPassedOverStopsTheRunnerWithTheirCheckpointWritten() {
        add(key("first"));
        runner = start();
        runner.deferCheckpointFor(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint() == 1);
        add(program(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == 2);
        // An event of a type it reads that no code can read: it stops on it, and a read waiting for
        // position 2 must not wait for an operator's skip.
        add(new UnreadableEvent(
                "key-01jd00000000000000000000x1",
                "atrium.apikey.Teleported",
                "no event type is named atrium.apikey.Teleported"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runner.status().state().equals(ProjectionRunner.STOPPED_ON_POISON));
        assertThat(checkpoint()).isEqualTo(2);
    }

    @Test
    void aRestartFromACheckpointBehindThePassedOverEventsConvergesOnTheSameRows() {
        add(key("first"));
        for (int i = 0; i < 50; i++) {
            add(program(i));
        }
        runner = start();
        long head = feed.headPosition();
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == head && checkpoint() == head);
        // As if the process had stopped before a deferred checkpoint was written: back to the first event.
        runner.stop();
        new Checkpoints(db)
                .save(ApiKeyProjection.NAME, new FeedPosition(1, new TreeSet<>()), db)
                .block(Duration.ofSeconds(10));
        add(key("second"));
        runner = start();
        long last = feed.headPosition();
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == last && checkpoint() == last);
        assertThat(count("SELECT COUNT(*) FROM api_key_view")).isEqualTo(2);
    }

    private ProjectionRunner start() {
        ProjectionRunner started = new ProjectionRunner(
                new ApiKeyProjection(),
                feed,
                new OwnConnection(database.connections().unwrap()));
        started.start();
        return started;
    }

    private long checkpoint() {
        FeedPosition at = new Checkpoints(db).load(ApiKeyProjection.NAME).block(Duration.ofSeconds(10));
        return at == null ? -1 : at.index();
    }

    private long count(String sql) {
        Long n = db.sql(sql).map(r -> ((Number) r.get(0)).longValue()).one().block();
        return n == null ? 0 : n;
    }

    private static AtriumEvent key(String name) {
        return new ApiKeyIssued(
                new ApiKeyId("key-01jd0000000000000000000" + (name.equals("first") ? "001" : "002")),
                TenantId.DEFAULT,
                name,
                Set.of(Role.AUDITOR),
                (name.equals("first") ? "b" : "c").repeat(64),
                OPERATOR);
    }

    private static AtriumEvent program(int i) {
        return new MiniProgramCreated(
                new MiniProgramId("mp-01jd00000000000000000" + String.format("%05d", i)),
                TenantId.DEFAULT,
                MiniProgramDetails.of("P" + i, "", "tools", List.of()),
                OPERATOR);
    }

    private void add(AtriumEvent event) {
        feed.append(event, OPERATOR);
    }
}
