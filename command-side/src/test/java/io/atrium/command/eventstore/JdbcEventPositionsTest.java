package io.atrium.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import java.nio.file.Path;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Positions looked up in the JDBC event table agree with the positions tracking readers see. */
class JdbcEventPositionsTest {

    @TempDir
    Path dir;

    private HikariDataSource data;
    private EventStorageEngine engine;
    private EventPositions positions;

    @BeforeEach
    void open() {
        data = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2);
        engine = AxonEventStore.engine(
                data,
                new SpringTransactionManager(new DataSourceTransactionManager(data)),
                AxonEventStore.eventSerializer(),
                AxonEventStore.stateSerializer());
        positions = new JdbcEventPositions(new JdbcTemplate(data));
    }

    @AfterEach
    void close() {
        data.close();
    }

    @Test
    void findsEachEventsPositionAndSequenceAndNothingForAnotherAggregate() {
        String first = append(3);
        String second = append(2);
        List<TrackedEventMessage<?>> log = engine.readEvents(null, false)
                .<TrackedEventMessage<?>>map(e -> (TrackedEventMessage<?>) e)
                .toList();
        long secondsFirst = log.get(3).trackingToken().position().orElseThrow();
        long firstsNewest = log.get(2).trackingToken().position().orElseThrow();

        assertThat(positions.positionOf(second, 0)).hasValue(secondsFirst);
        assertThat(positions.newestPosition(first)).hasValue(firstsNewest);
        assertThat(positions.sequenceAt(first, firstsNewest)).hasValue(2);
        assertThat(positions.sequenceAt(second, secondsFirst)).hasValue(0);

        assertThat(positions.positionOf(second, 2)).isEmpty();
        assertThat(positions.sequenceAt(second, firstsNewest)).isEmpty();
        assertThat(positions.newestPosition(MiniProgramId.generate().value())).isEmpty();
    }

    private String append(int events) {
        MiniProgramId id = MiniProgramId.generate();
        MiniProgramCreated payload = new MiniProgramCreated(
                id, TenantId.DEFAULT, MiniProgramDetails.of("A", "", "tools", List.of()), new ActorId("key-dev"));
        for (int sequence = 0; sequence < events; sequence++) {
            engine.appendEvents(new GenericDomainEventMessage<>("MiniProgram", id.value(), sequence, payload));
        }
        return id.value();
    }
}
