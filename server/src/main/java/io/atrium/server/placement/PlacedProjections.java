package io.atrium.server.placement;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.events.TenantId;
import io.atrium.projections.ProjectionsConfiguration;
import io.atrium.projections.feed.AxonEventFeed;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.readmodel.ReadModelProperties;
import io.atrium.projections.runner.ProjectionRunners;
import io.atrium.search.SearchProperties;
import io.atrium.search.crawler.PackageCrawler;
import io.atrium.search.crawler.SealedVersions;
import io.atrium.search.crawler.SearchIndexer;
import io.atrium.search.crawler.SearchProjection;
import io.atrium.search.index.SearchIndex;
import io.atrium.server.projections.EventStoreSkippedEventLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The read side of each placement: a reader of the placement's event store (Axon's embedded store over
 * its database, read only: commands append through the write side's routing), the in-process feed over
 * it, the projections writing the placement's read model with their checkpoints there, and a search
 * indexer crawling the placement's releases into the shared, tenant-filtered search index.
 * <p>
 * The shared event store's reader is woken by each commit in this process; a placement's reader is not
 * (the append goes through the shared {@code EventStore} bean), so it polls its database every
 * {@code atrium.event-store.fetch-delay-ms} while its projections wait, one indexed range query each time.
 */
final class PlacedProjections implements SmartLifecycle, AutoCloseable {

    /** One placement's pieces. */
    private record Placed(
            TenantId tenant,
            EmbeddedEventStore store,
            ReadModelDatabase.Opened readModel,
            ProjectionRunners runners,
            SearchIndexer indexer) {}

    private final List<Placed> placed;
    private final Duration pollEvery;
    private volatile boolean running;

    private PlacedProjections(List<Placed> placed, Duration pollEvery) {
        this.placed = placed;
        this.pollEvery = pollEvery;
    }

    static PlacedProjections open(
            PlacedEventStores stores,
            TenantPlacementProperties properties,
            SearchIndex index,
            SealedVersions sealed,
            PackageCrawler crawler,
            SearchProperties search,
            long holdBackMillis,
            long fetchDelayMillis)
            throws IOException {
        Map<TenantId, TenantPlacementProperties.Placement> placements = properties.placements();
        List<Placed> placed = new ArrayList<>();
        for (Map.Entry<TenantId, HikariDataSource> e : stores.databases().entrySet()) {
            TenantId tenant = e.getKey();
            HikariDataSource events = e.getValue();
            EmbeddedEventStore store = EmbeddedEventStore.builder()
                    .storageEngine(AxonEventStore.engine(
                            events,
                            new SpringTransactionManager(new DataSourceTransactionManager(events)),
                            AxonEventStore.eventSerializer(),
                            AxonEventStore.stateSerializer()))
                    .fetchDelay(fetchDelayMillis)
                    .build();
            ReadModelDatabase.Opened readModel = ReadModelDatabase.open(new ReadModelProperties(
                    properties.dir(tenant),
                    java.util.Objects.requireNonNull(placements.get(tenant)).readModel()));
            AxonEventFeed feed = new AxonEventFeed(store, Duration.ofMillis(holdBackMillis));
            // The placement's projections: instances of their own (they keep state between batches), and a
            // skip of a poison event recorded in the placement's own log.
            ProjectionRunners runners = ProjectionsConfiguration.runners(
                    feed,
                    readModel,
                    List.of(new SearchProjection()),
                    new EventStoreSkippedEventLog(store, new DataSourceTransactionManager(events)));
            SearchIndexer indexer =
                    new SearchIndexer(DatabaseClient.create(readModel.connections()), index, sealed, crawler);
            placed.add(new Placed(tenant, store, readModel, runners, indexer));
        }
        return new PlacedProjections(List.copyOf(placed), search.crawl().pollEvery());
    }

    /** The projection runners of {@code tenant}'s placement (tests and diagnostics). */
    ProjectionRunners runners(TenantId tenant) {
        return placed.stream()
                .filter(p -> p.tenant().equals(tenant))
                .findFirst()
                .orElseThrow()
                .runners();
    }

    @Override
    public void start() {
        for (Placed p : placed) {
            p.runners().start();
            p.indexer().start(pollEvery);
        }
        running = true;
    }

    @Override
    public void stop() {
        for (Placed p : placed) {
            p.indexer().close();
            p.runners().stop();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // As the shared projections: after the web server and the event store are up, stopped before them.
        return Integer.MAX_VALUE - 100;
    }

    @Override
    public void close() {
        for (Placed p : placed) {
            p.store().shutDown();
            p.readModel().connections().dispose();
        }
    }
}
