package io.atrium.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.projections.apikey.ApiKeyProjection;
import io.atrium.projections.audit.AuditLogProjection;
import io.atrium.projections.catalogue.CatalogueProjection;
import io.atrium.projections.feed.AxonEventFeed;
import io.atrium.projections.hostapp.HostAppProjection;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.role.RoleProjection;
import io.atrium.projections.runner.OwnConnection;
import io.atrium.projections.runner.Projection;
import io.atrium.projections.runner.ProjectionRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The golden event corpus (command-side/src/test/resources/golden-events) through the path
 * projections read: the event store's engine with its upcaster chain, the Axon feed, and every
 * projection. Each must reach the head without stopping on any stored event.
 */
class GoldenCorpusProjectionsTest {

    static final Path CORPUS = Path.of("../command-side/src/test/resources/golden-events");

    @TempDir
    Path dir;

    private final List<ProjectionRunner> runners = new ArrayList<>();
    private HikariDataSource events;
    private EmbeddedEventStore store;
    private ReadModelDatabase.Opened readModel;

    @AfterEach
    void close() {
        runners.forEach(ProjectionRunner::stop);
        if (store != null) {
            store.shutDown();
        }
        if (readModel != null) {
            readModel.connections().dispose();
        }
        if (events != null) {
            events.close();
        }
    }

    private static List<JsonNode> corpusRows() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                json.readTree(file.toFile()).forEach(rows::add);
            }
        }
        return rows;
    }

    @Test
    void everyProjectionReadsTheWholeCorpusToTheHead() throws Exception {
        List<JsonNode> rows = corpusRows();
        events = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
        JdbcTemplate jdbc = new JdbcTemplate(events);
        for (JsonNode r : rows) {
            jdbc.update(
                    "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, "
                            + "payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.get("eventIdentifier").asText(),
                    r.get("aggregateIdentifier").asText(),
                    r.get("sequenceNumber").asLong(),
                    r.get("type").asText(),
                    r.get("timeStamp").asText(),
                    r.get("payloadType").asText(),
                    r.get("payloadRevision").isNull()
                            ? null
                            : r.get("payloadRevision").asText(),
                    r.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                    r.get("metaData").asText().getBytes(StandardCharsets.UTF_8));
        }
        store = EmbeddedEventStore.builder()
                .storageEngine(AxonEventStore.engine(
                        events,
                        new SpringTransactionManager(new DataSourceTransactionManager(events)),
                        AxonEventStore.eventSerializer(),
                        AxonEventStore.stateSerializer()))
                .build();
        AxonEventFeed feed = new AxonEventFeed(store, Duration.ofMillis(50));
        readModel = ReadModelDatabase.h2(dir.resolve("readmodel"), 4);
        for (Projection projection : List.of(
                new AuditLogProjection(),
                new CatalogueProjection(),
                new HostAppProjection(),
                new ApiKeyProjection(),
                new RoleProjection())) {
            ProjectionRunner runner = new ProjectionRunner(
                    projection, feed, new OwnConnection(readModel.connections().unwrap()));
            runners.add(runner);
            runner.start();
        }
        long head = feed.headPosition();
        assertThat(head).isEqualTo(jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class));

        for (ProjectionRunner runner : runners) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> runner.position() == head || runner.status().poison() != null);
            assertThat(runner.status().poison()).as(runner.projection().name()).isNull();
            assertThat(runner.status().state()).as(runner.projection().name()).isEqualTo("running");
        }
        DatabaseClient db = DatabaseClient.create(readModel.connections());
        long created = rows.stream()
                .filter(r -> r.get("payloadType").asText().endsWith("MiniProgramCreated"))
                .count();
        assertThat(count(db, "SELECT COUNT(*) FROM mini_program")).isEqualTo(created);
        assertThat(count(db, "SELECT COUNT(*) FROM audit_log")).isEqualTo(rows.size());
        // Uploads of every revision (legacy, 1 and 2) land with their size.
        assertThat(count(db, "SELECT COUNT(*) FROM mini_program_version WHERE package_size <> 2048"))
                .isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM mini_program_version")).isPositive();
        // The corpus's custom role was defined, changed and deleted; the key naming it keeps the name.
        assertThat(count(db, "SELECT COUNT(*) FROM role_view")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM api_key_view WHERE roles = 'auditor,release-manager'"))
                .isEqualTo(1);
    }

    private static long count(DatabaseClient db, String sql) {
        return db.sql(sql).map(r -> ((Number) r.get(0)).longValue()).one().block();
    }
}
