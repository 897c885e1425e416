package io.atrium.server.projections;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.CommandSideProperties;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.kurrentdb.KurrentDbConnection;
import io.atrium.kurrentdb.KurrentDbEventStorageEngine;
import io.atrium.projections.runner.SkippedEventLog;
import io.atrium.server.Roles;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The {@link SkippedEventLog} of a projections node without the write side (cluster mode): a skip is
 * a fact of the operation log, so it is appended to the event store like on any node, through a small
 * pool on the event store's database ({@code atrium.event-store.*}, kind {@code jdbc}), or through a
 * KurrentDB client of its own (kind {@code kurrentdb}). A node given neither cannot record skips, and
 * says so when asked to skip.
 */
@Configuration(proxyBeanMethods = false)
// Scanned with the application's package, so it carries its role's condition itself.
@Conditional(Roles.ProjectionsAlone.class)
@EnableConfigurationProperties(CommandSideProperties.class)
public class ProjectionNodeSkipLog {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionNodeSkipLog.class);

    @Bean
    SkippedEventLog skippedEventLog(CommandSideProperties properties) {
        CommandSideProperties.EventStore store = properties.eventStore();
        if ("kurrentdb".equals(store.kind())) {
            // Events in KurrentDB: the skip is appended there, through a client of this node's own.
            KurrentDbConnection connection =
                    KurrentDbConnection.to(store.kurrentdb().connectionString());
            EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
                    .storageEngine(KurrentDbEventStorageEngine.forAtrium(
                            connection,
                            java.time.Duration.ofMillis(store.kurrentdb().operationTimeoutMs())))
                    .build();
            return new ClosingLog(new EventStoreSkippedEventLog(eventStore, new NoTransactions()), connection);
        }
        if (!"jdbc".equals(store.kind()) || store.url() == null || store.url().isBlank()) {
            LOG.warn("This projections node has no event store database (atrium.event-store.kind=jdbc and its url): "
                    + "poison events cannot be skipped here");
            return (skipped, metadata) -> {
                throw new IllegalStateException("this projections node has no event store database to record the "
                        + "skip in; give it atrium.event-store.kind=jdbc and atrium.event-store.url");
            };
        }
        HikariDataSource dataSource = EventStoreDatabase.open(store.url(), store.username(), store.password(), 2);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
                .storageEngine(AxonEventStore.engine(
                        dataSource,
                        new SpringTransactionManager(transactions),
                        AxonEventStore.eventSerializer(),
                        AxonEventStore.stateSerializer()))
                .build();
        return new ClosingLog(new EventStoreSkippedEventLog(eventStore, transactions), dataSource);
    }

    /** KurrentDB appends are atomic on their own; there is no SQL transaction around them on this node. */
    private static final class NoTransactions extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    }

    /** The log and the pool it writes through, closed with the context. */
    private record ClosingLog(SkippedEventLog log, AutoCloseable resource) implements SkippedEventLog, AutoCloseable {
        @Override
        public void record(
                io.atrium.events.projection.ProjectionEventSkipped skipped, io.atrium.events.EventMetadata metadata) {
            log.record(skipped, metadata);
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
