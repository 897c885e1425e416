package io.atrium.projections.tenant;

import io.atrium.events.tenant.TenantCreated;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantEvent;
import io.atrium.events.tenant.TenantSuspended;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code tenant_view}: every created tenant's state (active, suspended, deleted). A node that
 * runs the read side without the write side refuses a tenant's keys and host apps by it.
 */
public final class TenantProjection implements Projection {

    public static final String NAME = "tenants";
    static final String TABLE = "tenant_view";

    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.tenant.");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(new ReadModelDialect.Table(TABLE, List.of("id"), List.of()));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String table = tables.name(TABLE);
        return Flux.fromIterable(batch)
                .concatMap(stored -> {
                    if (stored.payload() instanceof TenantCreated e) {
                        return Rows.insert(
                                db,
                                table,
                                List.of("id", "state", "position"),
                                List.of(String.class, String.class, Long.class),
                                List.<Object[]>of(new Object[] {e.tenantId().value(), "active", stored.position()}));
                    }
                    if (stored.payload() instanceof TenantEvent e) {
                        String state = e instanceof TenantSuspended
                                ? "suspended"
                                : e instanceof TenantDeleted ? "deleted" : "active";
                        return db.sql("UPDATE " + table + " SET state = :s, position = :p WHERE id = :id")
                                .bind("s", state)
                                .bind("p", stored.position())
                                .bind("id", e.tenantId().value())
                                .then();
                    }
                    return Mono.empty();
                })
                .then();
    }
}
