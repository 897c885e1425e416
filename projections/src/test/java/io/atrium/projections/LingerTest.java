package io.atrium.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.projections.catalogue.CatalogueProjection;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.runner.OwnConnection;
import io.atrium.projections.runner.ProjectionRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy projection waits a little for more events before it applies a small batch, so a steady
 * stream is applied in few transactions; an event after a quiet spell is applied at once.
 */
class LingerTest {

    static final ActorId OPERATOR = new ActorId("key-01jd00000000000000000000op");

    @TempDir
    Path dir;

    private ReadModelDatabase.Opened database;
    private final ListEventFeed feed = new ListEventFeed();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ProjectionRunner runner;

    @BeforeEach
    void open() throws Exception {
        database = ReadModelDatabase.h2(dir.resolve("readmodel"), 4);
        runner = new ProjectionRunner(
                new CatalogueProjection(),
                feed,
                new OwnConnection(database.connections().unwrap()),
                meters);
    }

    @AfterEach
    void close() {
        runner.stop();
        database.connections().dispose();
    }

    @Test
    void aSteadyStreamIsGatheredIntoFewBatches() throws InterruptedException {
        // Long enough that the whole stream below fits in one wait, even on a slow machine.
        runner.lingerFor(Duration.ofSeconds(2));
        runner.start();
        add(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == 1);
        long before = batches();

        // 100 events, one every 2 ms: without lingering each wake-up takes the one or two that are
        // there, dozens of batches; with it, the first read takes what is there and the next one
        // (busy: right after it) waits and takes the rest.
        for (int i = 1; i <= 100; i++) {
            add(i);
            Thread.sleep(2);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == 101);
        assertThat(batches() - before).isBetween(1L, 5L);
    }

    @Test
    void anEventAfterAQuietSpellIsNotHeldBack() throws InterruptedException {
        // A linger this long would show: the event below must be applied well before it has passed.
        runner.lingerFor(Duration.ofSeconds(20));
        runner.start();
        add(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.position() == 1);
        // Quiet for longer than the feed counts as busy.
        Thread.sleep(300);
        add(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.position() == 2);
    }

    private long batches() {
        return meters.find("atrium.projection.batch.duration").timer().count();
    }

    private void add(int i) {
        feed.append(
                new MiniProgramCreated(
                        new MiniProgramId("mp-01jd00000000000000000" + String.format("%05d", i)),
                        TenantId.DEFAULT,
                        MiniProgramDetails.of("P" + i, "", "tools", List.of()),
                        OPERATOR),
                OPERATOR);
    }
}
