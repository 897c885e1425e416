package io.atrium.command.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.CommandSideProperties;
import io.atrium.command.eventstore.BoundedAggregateCache;
import io.atrium.command.eventstore.EventPositions;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.command.eventstore.JdbcEventPositions;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.miniprogram.MiniProgramId;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;

/** A command that outlives atrium.commands.timeout-seconds is rolled back: nothing it wrote stays. */
class CommandTimeLimitTest {

    @TempDir
    Path dir;

    private HikariDataSource data;

    @AfterEach
    void close() {
        if (data != null) {
            data.close();
        }
    }

    /**
     * The position of an event the command noted, answered as the event store's INSERT answers it
     * (no statement of its own), so nothing but the dispatcher's own check stands between a late
     * command and its commit.
     */
    private static final class AnsweredByTheInsert implements EventPositions {
        private final EventPositions database;

        AnsweredByTheInsert(EventPositions database) {
            this.database = database;
        }

        @Override
        public OptionalLong positionOf(String aggregateId, long sequence) {
            return database.positionOf(aggregateId, sequence);
        }

        @Override
        public OptionalLong positionOfAppended(String aggregateId, long sequence) {
            return OptionalLong.of(1);
        }

        @Override
        public OptionalLong newestPosition(String aggregateId) {
            return database.newestPosition(aggregateId);
        }

        @Override
        public OptionalLong sequenceAt(String aggregateId, long position) {
            return database.sequenceAt(aggregateId, position);
        }
    }

    @Test
    void aCommandPastItsTimeLimitIsRolledBackAndRecordsNothing() {
        runsPastItsLimit(false);
    }

    @Test
    void aCommandPastItsTimeLimitWhosePositionTheInsertAnsweredIsRolledBackToo() {
        runsPastItsLimit(true);
    }

    /**
     * @param positionFromInsert whether the command notes its event, so that its position comes
     *     without a statement after the slow part (otherwise it is looked up by a SELECT)
     */
    private void runsPastItsLimit(boolean positionFromInsert) {
        RecordedEvents recorded = new RecordedEvents();
        data = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2);
        JdbcTemplate jdbc = new JdbcTemplate(data);
        MiniProgramId id = MiniProgramId.generate();
        // A stand-in for Axon that writes an event row in the command's transaction and then takes too long.
        CommandGateway slow = (CommandGateway) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {CommandGateway.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendAndWait")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    jdbc.update(
                            "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
                                    + " payload_type, payload) VALUES ('e1', ?, 0, 'MiniProgram', '2026-01-01T00:00:00Z', 'p', X'7B7D')",
                            id.value());
                    if (positionFromInsert) {
                        GenericDomainEventMessage<String> event =
                                new GenericDomainEventMessage<>("MiniProgram", id.value(), 0, "details changed");
                        recorded.handle(List.of(event)).apply(0, event);
                    }
                    Thread.sleep(1_300);
                    return null;
                });
        CommandSideProperties properties = new CommandSideProperties(
                dir,
                new CommandSideProperties.EventStore(
                        "h2",
                        null,
                        "sa",
                        "",
                        2,
                        50,
                        null,
                        new CommandSideProperties.EventStore.Kurrentdb("kurrentdb://127.0.0.1:2113?tls=false", 5000)),
                new CommandSideProperties.Packages(1, 1, 1, 1, 1, 1),
                new CommandSideProperties.Commands(2, 10, 1, 100));
        CommandDispatcher dispatcher = new CommandDispatcher(
                slow,
                new DataSourceTransactionManager(data),
                positionFromInsert
                        ? new AnsweredByTheInsert(new JdbcEventPositions(jdbc))
                        : new JdbcEventPositions(jdbc),
                new IdempotencyStore(jdbc),
                properties,
                new BoundedAggregateCache(10),
                recorded);
        try {
            UpdateMiniProgramDetails command = new UpdateMiniProgramDetails(
                    id, TenantId.DEFAULT, new ActorId("key-dev"), "Late", null, null, List.<String>of());
            RequestContext context =
                    new RequestContext(Caller.system(TenantId.DEFAULT), "127.0.0.1", "req-late", null, "");
            assertThatThrownBy(() -> dispatcher.execute(command, context))
                    .isInstanceOf(TransactionTimedOutException.class);
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                            Integer.class,
                            id.value()))
                    .isZero();
        } finally {
            dispatcher.destroy();
        }
    }
}
