package io.atrium.projections;

import io.atrium.projections.apikey.ApiKeyProjection;
import io.atrium.projections.audit.AuditLogProjection;
import io.atrium.projections.catalogue.CatalogueProjection;
import io.atrium.projections.feed.AxonEventFeed;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.hostapp.HostAppProjection;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.readmodel.ReadModelProperties;
import io.atrium.projections.role.RoleProjection;
import io.atrium.projections.runner.OwnConnection;
import io.atrium.projections.runner.Projection;
import io.atrium.projections.runner.ProjectionMetrics;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ProjectionRunners;
import io.atrium.projections.runner.Replayer;
import io.atrium.projections.runner.SkippedEventLog;
import io.atrium.projections.tenant.TenantProjection;
import io.atrium.projections.web.ProjectionAdminController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The projections, as the server imports them when {@code atrium.roles} includes {@code projections}:
 * the read-model database, the feed, one runner per projection, and the admin endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadModelProperties.class)
@Import(ProjectionAdminController.class)
public class ProjectionsConfiguration {

    @Bean(destroyMethod = "")
    ReadModelDatabase.Opened readModelDatabase(ReadModelProperties properties) throws IOException {
        return ReadModelDatabase.open(properties);
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool readModelConnections(ReadModelDatabase.Opened database) {
        return database.connections();
    }

    @Bean
    DatabaseClient readModelClient(ConnectionPool readModelConnections) {
        return DatabaseClient.create(readModelConnections);
    }

    @Bean
    R2dbcTransactionManager readModelTransactionManager(ConnectionPool readModelConnections) {
        return new R2dbcTransactionManager(readModelConnections);
    }

    /**
     * In single-node mode the feed is the event store in this process; in cluster mode
     * ({@code atrium.event-feed.kind=kafka}) the cluster module provides the Kafka feed instead, and on
     * KurrentDB ({@code atrium.event-store.kind=kurrentdb}) its module provides a subscription to {@code $all}.
     */
    @Bean
    @ConditionalOnExpression("'${atrium.event-feed.kind:in-process}' == 'in-process'"
            + " and '${atrium.event-store.kind:h2}' != 'kurrentdb'")
    EventFeed eventFeed(EventStore eventStore, @Value("${atrium.projections.hold-back-ms:50}") long holdBackMillis) {
        return new AxonEventFeed(eventStore, Duration.ofMillis(holdBackMillis));
    }

    @Bean
    ProjectionRunners projectionRunners(
            EventFeed feed,
            ReadModelDatabase.Opened database,
            ObjectProvider<Projection> others,
            ObjectProvider<SkippedEventLog> skippedEvents,
            ObjectProvider<MeterRegistry> meters,
            @Value("${atrium.event-feed.kind:in-process}") String feedKind) {
        // Without a registry (a test context of this module alone) nothing is measured.
        MeterRegistry registry = meters.getIfUnique(CompositeMeterRegistry::new);
        // The read models of modules built on this one (search) are declared as beans.
        ProjectionRunners runners =
                runners(feed, database, others.orderedStream().toList(), skippedEvents.getIfAvailable(), registry);
        ProjectionMetrics.bind(runners, registry, "kafka".equals(feedKind));
        return runners;
    }

    /**
     * One runner per projection over {@code feed}, writing into {@code database}: this module's read models
     * and {@code others}. The server builds one such set per event-store database (a tenant placed in a
     * database of its own has its own feed and read model); projections keep state between batches, so
     * each set needs instances of its own.
     */
    public static ProjectionRunners runners(
            EventFeed feed,
            ReadModelDatabase.Opened database,
            List<Projection> others,
            @org.jspecify.annotations.Nullable SkippedEventLog skippedEvents) {
        return runners(feed, database, others, skippedEvents, new CompositeMeterRegistry());
    }

    /**
     * As {@link #runners(EventFeed, ReadModelDatabase.Opened, List, SkippedEventLog)}, timing each
     * runner's batches in {@code registry} (the gauges of their positions are {@link ProjectionMetrics}').
     */
    public static ProjectionRunners runners(
            EventFeed feed,
            ReadModelDatabase.Opened database,
            List<Projection> others,
            @org.jspecify.annotations.Nullable SkippedEventLog skippedEvents,
            MeterRegistry registry) {
        TransactionalOperator transactions =
                TransactionalOperator.create(new R2dbcTransactionManager(database.connections()));
        List<Projection> projections = new java.util.ArrayList<>(List.of(
                new AuditLogProjection(),
                new CatalogueProjection(),
                new HostAppProjection(),
                new ApiKeyProjection(),
                new RoleProjection(),
                new TenantProjection(),
                new io.atrium.projections.member.MemberProjection()));
        projections.addAll(others);
        // Each runner on a connection of its own, outside the pool (see OwnConnection).
        ConnectionFactory direct = database.connections().unwrap();
        List<ProjectionRunner> runners = projections.stream()
                .map(p -> new ProjectionRunner(p, feed, new OwnConnection(direct), registry))
                .toList();
        return new ProjectionRunners(
                runners,
                new Replayer(feed, DatabaseClient.create(database.connections()), transactions, database.dialect()),
                skippedEvents);
    }
}
