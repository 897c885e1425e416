package io.atrium.server.placement;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.events.TenantId;
import java.util.Map;

/** The placed tenants' event-store databases, open for the application's life. */
final class PlacedEventStores implements AutoCloseable {

    private final Map<TenantId, HikariDataSource> databases;

    PlacedEventStores(Map<TenantId, HikariDataSource> databases) {
        this.databases = Map.copyOf(databases);
    }

    Map<TenantId, HikariDataSource> databases() {
        return databases;
    }

    @Override
    public void close() {
        databases.values().forEach(HikariDataSource::close);
    }
}
