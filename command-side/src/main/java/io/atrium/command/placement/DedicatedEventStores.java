package io.atrium.command.placement;

import io.atrium.events.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The tenants placed in a database of their own, each with that database (its schema migrated). Every
 * other tenant's write-side data is in the shared database. Supplied by the composing application;
 * without it (or with none listed) everything is shared.
 */
public final class DedicatedEventStores {

    private final Map<TenantId, DataSource> databases;

    public DedicatedEventStores(Map<TenantId, DataSource> databases) {
        this.databases = Map.copyOf(databases);
    }

    public boolean isEmpty() {
        return databases.isEmpty();
    }

    public Set<TenantId> tenants() {
        return databases.keySet();
    }

    /** The tenant's own database, or empty when it lives in the shared one. */
    public Optional<DataSource> of(TenantId tenant) {
        return Optional.ofNullable(databases.get(tenant));
    }

    public Map<TenantId, DataSource> all() {
        return databases;
    }
}
