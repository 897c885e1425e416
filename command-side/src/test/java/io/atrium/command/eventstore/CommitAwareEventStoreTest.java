package io.atrium.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reader is woken when the transaction holding an append commits. Its fetch delay here is a
 * minute, so an event seen within seconds was seen because of that wake-up.
 */
class CommitAwareEventStoreTest {

    @TempDir
    Path dir;

    private HikariDataSource data;
    private EmbeddedEventStore store;
    private TransactionTemplate transactions;

    @BeforeEach
    void open() {
        data = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(data);
        transactions = new TransactionTemplate(manager);
        store = new CommitAwareEventStore(EmbeddedEventStore.builder()
                .storageEngine(AxonEventStore.engine(
                        data,
                        new SpringTransactionManager(manager),
                        AxonEventStore.eventSerializer(),
                        AxonEventStore.stateSerializer()))
                .fetchDelay(60_000));
    }

    @AfterEach
    void close() {
        store.shutDown();
        data.close();
    }

    @Test
    void anAppendInsideATransactionWakesTheReaderOnceItHasCommitted() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = tailingStream()) {

            transactions.executeWithoutResult(status -> {
                store.publish(new GenericDomainEventMessage<>("Test", "agg-1", 0, "first"));
                // Give a reader woken too early the time to read before the commit, and find nothing.
                sleep(300);
            });

            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        }
    }

    @Test
    void aRolledBackAppendLeavesNothingToRead() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = tailingStream()) {
            transactions.executeWithoutResult(status -> {
                store.publish(new GenericDomainEventMessage<>("Test", "agg-1", 0, "undone"));
                status.setRollbackOnly();
            });
            transactions.executeWithoutResult(
                    status -> store.publish(new GenericDomainEventMessage<>("Test", "agg-2", 0, "kept")));

            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("kept");
        }
    }

    /** A stream that has found nothing yet: it now tails the store, and its reader sleeps for the fetch delay. */
    private BlockingStream<TrackedEventMessage<?>> tailingStream() throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null);
        assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
        return stream;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
