package io.atrium.command.placement;

import io.atrium.events.TenantId;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The write side's data source when some tenants have a database of their own: a connection is taken
 * from the database of the tenant in {@link TenantScope}, or from the shared one outside a scope and for
 * every tenant without a placement. A transaction takes its connection when it begins, so everything
 * the command writes in it (events, {@code api_key}, {@code idempotency_record}) goes to one database.
 */
public final class TenantRoutingDataSource extends AbstractRoutingDataSource implements AutoCloseable {

    private final DataSource shared;

    public TenantRoutingDataSource(DataSource shared, DedicatedEventStores dedicated) {
        this.shared = shared;
        Map<Object, Object> targets = new HashMap<>();
        dedicated.all().forEach((tenant, database) -> targets.put(tenant.value(), database));
        setTargetDataSources(targets);
        setDefaultTargetDataSource(shared);
        // An unknown key (a tenant without a placement) is the shared database.
        setLenientFallback(true);
        afterPropertiesSet();
    }

    @Override
    protected @Nullable Object determineCurrentLookupKey() {
        TenantId tenant = TenantScope.current();
        return tenant == null ? null : tenant.value();
    }

    /** Closes the shared database's pool; the dedicated ones are closed by whoever opened them. */
    @Override
    public void close() throws Exception {
        if (shared instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
