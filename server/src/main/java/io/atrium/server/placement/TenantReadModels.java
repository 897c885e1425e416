package io.atrium.server.placement;

import io.atrium.events.TenantId;
import io.atrium.query.QuerySideProperties;
import io.atrium.query.readmodel.ReadModelConnection;
import io.atrium.query.readmodel.ReadModelPlacements;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.connection.lookup.AbstractRoutingConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * The read side's view of the placements: a read pool per placed tenant, and a connection factory that
 * picks the pool named in the subscriber's context ({@link ReadModelPlacements#CONTEXT_KEY}, set for a
 * placed caller by {@code TenantPlacements#callersPlacement}); anything else reads the shared read model.
 */
final class TenantReadModels implements ReadModelPlacements, AutoCloseable {

    private final Map<String, ConnectionPool> pools;

    private TenantReadModels(Map<String, ConnectionPool> pools) {
        this.pools = Map.copyOf(pools);
    }

    static TenantReadModels open(TenantPlacementProperties properties, QuerySideProperties query) {
        Map<String, ConnectionPool> pools = new LinkedHashMap<>();
        properties.placements().forEach((TenantId tenant, TenantPlacementProperties.Placement placement) -> {
            var r = placement.readModel();
            pools.put(
                    tenant.value(),
                    ReadModelConnection.open(new QuerySideProperties(
                            properties.dir(tenant),
                            new QuerySideProperties.ReadModel(
                                    r.kind(),
                                    r.host(),
                                    r.port(),
                                    r.database(),
                                    r.username(),
                                    r.password(),
                                    r.poolSize()),
                            query.query())));
        });
        return new TenantReadModels(pools);
    }

    @Override
    public ConnectionFactory routing(ConnectionFactory shared) {
        Routing routing = new Routing();
        routing.setTargetConnectionFactories(pools);
        routing.setDefaultTargetConnectionFactory(shared);
        // A placement without a pool of its own (the shared one's name) is the shared read model.
        routing.setLenientFallback(true);
        routing.afterPropertiesSet();
        return routing;
    }

    @Override
    public java.util.Set<String> placed() {
        return pools.keySet();
    }

    @Override
    public Mono<String> current() {
        return Mono.deferContextual(c -> Mono.just(c.getOrDefault(CONTEXT_KEY, SHARED)));
    }

    private final class Routing extends AbstractRoutingConnectionFactory {
        @Override
        protected Mono<Object> determineCurrentLookupKey() {
            return current().cast(Object.class);
        }
    }

    @Override
    public void close() {
        pools.values().forEach(ConnectionPool::dispose);
    }
}
