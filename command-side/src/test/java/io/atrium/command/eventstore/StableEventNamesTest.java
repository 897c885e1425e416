package io.atrium.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventType;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.MiniProgramRelisted;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Events are stored under their stable names and read back by them, whatever their Java class is
 * called: rows written before stable names (fully qualified class names, no revision) still load,
 * and a registry that maps a name to another class (what a rename or a move amounts to) reads the
 * same rows into that class.
 */
class StableEventNamesTest {

    static final MiniProgramId MP = new MiniProgramId("mp-01jd0000000000000000000001");
    static final ActorId DEV = new ActorId("key-01jd0000000000000000000dev");

    @TempDir
    Path dir;

    private HikariDataSource data;
    private SpringTransactionManager transactions;
    private JdbcTemplate jdbc;

    @BeforeEach
    void open() {
        data = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(data));
        jdbc = new JdbcTemplate(data);
    }

    @AfterEach
    void close() {
        data.close();
    }

    private JdbcEventStorageEngine engine(EventTypes types) {
        return AxonEventStore.engine(
                data,
                transactions,
                AxonEventStore.eventSerializer(types),
                AxonEventStore.stateSerializer(),
                types,
                EventUpcasters.ALL);
    }

    @Test
    void writesTheStableNameAndRevisionNotTheClassName() {
        engine(EventTypes.ALL).appendEvents(List.of(created(0)));

        Map<String, Object> row = jdbc.queryForMap("SELECT payload_type, payload_revision FROM domain_event_entry");
        assertThat(row.get("payload_type")).isEqualTo("atrium.miniprogram.MiniProgramCreated");
        assertThat(row.get("payload_revision")).isEqualTo("1");
    }

    @Test
    void readsRowsWrittenUnderTheOldClassNames() {
        insertLegacyRow(
                0,
                "io.atrium.events.miniprogram.MiniProgramCreated",
                "{\"miniProgramId\":\"" + MP
                        + "\",\"tenantId\":\"default\",\"details\":{\"name\":\"Old\",\"description\":\"\","
                        + "\"category\":\"tools\",\"tags\":[]},\"developer\":\"" + DEV + "\"}");
        insertLegacyRow(1, "io.atrium.events.miniprogram.MiniProgramRelisted", "{\"miniProgramId\":\"" + MP + "\"}");

        List<Object> payloads = engine(EventTypes.ALL)
                .readEvents(MP.value())
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();

        assertThat(payloads)
                .containsExactly(
                        new MiniProgramCreated(
                                MP, TenantId.DEFAULT, new MiniProgramDetails("Old", "", "tools", List.of()), DEV),
                        new MiniProgramRelisted(MP));
    }

    /** What renaming {@code MiniProgramCreated} amounts to: the name now belongs to another class. */
    @Test
    void aRenamedClassReadsWhatItsOldNameWrote() {
        engine(EventTypes.ALL).appendEvents(List.of(created(0)));
        insertLegacyRow(
                1,
                "io.atrium.events.miniprogram.MiniProgramCreated",
                "{\"miniProgramId\":\"" + MP
                        + "\",\"tenantId\":\"default\",\"details\":{\"name\":\"Legacy\"},\"developer\":\"" + DEV
                        + "\"}");
        EventTypes renamed = EventTypes.of(List.of(ProgramOpened.class, MiniProgramRelisted.class));

        List<Object> payloads = engine(renamed)
                .readEvents(MP.value())
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();

        assertThat(payloads)
                .containsExactly(
                        new ProgramOpened(
                                MP,
                                TenantId.DEFAULT,
                                new MiniProgramDetails("Weather", "", "tools", List.of("weather")),
                                DEV),
                        new ProgramOpened(
                                MP, TenantId.DEFAULT, new MiniProgramDetails("Legacy", null, null, null), DEV));
        assertThat(EventTypes.nameOf(ProgramOpened.class)).isEqualTo(EventTypes.nameOf(MiniProgramCreated.class));
    }

    /** A row no code can read fails when its payload is read, not while the stream is pulled: readers can report it and go on. */
    @Test
    void anUnreadableRowFailsOnlyWhenItsPayloadIsRead() {
        engine(EventTypes.ALL).appendEvents(List.of(created(0)));
        jdbc.update(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                        + "payload_revision, payload, meta_data) VALUES ('bad-1', ?, 1, 'MiniProgram', '2026-01-01T00:00:00Z', "
                        + "'atrium.miniprogram.VersionUploaded', 'one', ?, ?)",
                MP.value(),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        engine(EventTypes.ALL)
                .appendEvents(List.of(
                        new GenericDomainEventMessage<>("MiniProgram", MP.value(), 2, new MiniProgramRelisted(MP))));

        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> read =
                engine(EventTypes.ALL).readEvents(null, false).toList();

        assertThat(read).hasSize(3);
        assertThat(read.get(0).getPayload()).isInstanceOf(MiniProgramCreated.class);
        assertThatThrownBy(() -> read.get(1).getPayload()).hasStackTraceContaining("revision 'one'");
        assertThat(read.get(2).getPayload()).isEqualTo(new MiniProgramRelisted(MP));
    }

    private static DomainEventMessage<?> created(long sequence) {
        return new GenericDomainEventMessage<>(
                "MiniProgram",
                MP.value(),
                sequence,
                new MiniProgramCreated(
                        MP, TenantId.DEFAULT, MiniProgramDetails.of("Weather", "", "tools", List.of("weather")), DEV));
    }

    private void insertLegacyRow(long sequence, String payloadType, String payload) {
        jdbc.update(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, "
                        + "payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, 'MiniProgram', '2026-01-01T00:00:00Z', ?, NULL, ?, ?)",
                "legacy-" + sequence,
                MP.value(),
                sequence,
                payloadType,
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@link MiniProgramCreated} as it would read after a rename: the class is new, the stored name is not. */
    @EventType(
            name = "atrium.miniprogram.MiniProgramCreated",
            legacyNames = "io.atrium.events.miniprogram.MiniProgramCreated")
    record ProgramOpened(MiniProgramId miniProgramId, TenantId tenantId, MiniProgramDetails details, ActorId developer)
            implements AtriumEvent {
        @Override
        public String aggregateId() {
            return miniProgramId.value();
        }
    }
}
