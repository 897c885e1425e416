package io.atrium.command.placement;

import io.atrium.events.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

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

    /**
     * The database that holds what {@code lookup} finds by a secret's digest (a key, a token, an
     * invitation), when the caller does not say its tenant: {@code lookup} runs against the shared
     * database first, then in each placed tenant's scope. Answers the hit with the tenant whose database
     * held it, null for the shared one; empty when no database holds it.
     */
    public <T> Optional<Placed<T>> find(Supplier<Optional<T>> lookup) {
        Optional<T> shared = lookup.get();
        if (shared.isPresent()) {
            return Optional.of(new Placed<>(null, shared.get()));
        }
        for (TenantId tenant : databases.keySet()) {
            Optional<T> own = TenantScope.in(tenant, lookup);
            if (own.isPresent()) {
                return Optional.of(new Placed<>(tenant, own.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a row that names {@code owner} may be believed where it was found: in a placed tenant's
     * database only that tenant's rows, in the shared database only rows of tenants without their own.
     * Anything else was put there by hand, never written by this side.
     */
    public boolean belongsIn(@Nullable TenantId database, TenantId owner) {
        return database == null ? !databases.containsKey(owner) : database.equals(owner);
    }

    /** A row found by {@link #find}, with the placed tenant whose database held it (null: the shared one). */
    public record Placed<T>(@Nullable TenantId tenant, T value) {

        /** Runs {@code work} against the database the row was found in. */
        public <R> R in(Supplier<R> work) {
            return tenant == null ? work.get() : TenantScope.in(tenant, work);
        }
    }
}
