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

/**
 * Positions looked up in the JDBC event table, or answered by the append itself, agree with the
 * positions tracking readers see. On H2 here; on MariaDB in {@link MariaDbEventPositionsTest}.
 */
class JdbcEventPositionsTest {

    @TempDir
    Path dir;

    private HikariDataSource data;
    private EventStorageEngine engine;
    private EventPositions positions;

    @BeforeEach
    void open() throws Exception {
        data = openData();
        engine = AxonEventStore.engine(
                data,
                new SpringTransactionManager(new DataSourceTransactionManager(data)),
                AxonEventStore.eventSerializer(),
                AxonEventStore.stateSerializer());
        positions = new JdbcEventPositions(new JdbcTemplate(data));
    }

    /** The store's database; the MariaDB run of these tests overrides it. */
    protected HikariDataSource openData() throws Exception {
        return EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2);
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

    @Test
    void aLoneEventsAppendAnswersItsPositionOnceAndOnlyForThatEvent() {
        String other = append(1);
        String id = append(1);
        long position = positions.positionOf(id, 0).orElseThrow();

        // The append kept the position for this thread: the same answer as the SELECT, asked once.
        assertThat(PositionAnsweringAppend.take(id, 0)).isEqualTo(position);
        assertThat(PositionAnsweringAppend.take(id, 0)).isNull();
        // Asked for another event than the one appended last, it keeps nothing and the store is asked.
        append(1);
        assertThat(PositionAnsweringAppend.take(other, 0)).isNull();
        assertThat(positions.positionOfAppended(other, 0)).isEqualTo(positions.positionOf(other, 0));
    }

    @Test
    void positionsAnsweredByTheAppendAreTheOnesTrackingReadersSee() {
        String first = append(1);
        long answeredFirst = positions.positionOfAppended(first, 0).orElseThrow();
        String second = append(1);
        long answeredSecond = positions.positionOfAppended(second, 0).orElseThrow();
        List<TrackedEventMessage<?>> log = engine.readEvents(null, false)
                .<TrackedEventMessage<?>>map(e -> (TrackedEventMessage<?>) e)
                .toList();

        assertThat(answeredFirst)
                .isEqualTo(log.get(0).trackingToken().position().orElseThrow());
        assertThat(answeredSecond)
                .isEqualTo(log.get(1).trackingToken().position().orElseThrow())
                .isGreaterThan(answeredFirst);
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
