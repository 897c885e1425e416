package io.atrium.projections.role;

import io.atrium.events.access.Permission;
import io.atrium.events.role.RoleChanged;
import io.atrium.events.role.RoleDefined;
import io.atrium.events.role.RoleDeleted;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Keeps {@code role_view}: every custom role a tenant defines and has not deleted, with its permissions. */
public final class RoleProjection implements Projection {

    public static final String NAME = "roles";
    static final String TABLE = "role_view";

    /** Only role events. */
    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.role.");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(new ReadModelDialect.Table(TABLE, List.of("tenant_id", "name"), List.of()));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String table = tables.name(TABLE);
        return Flux.fromIterable(batch)
                .concatMap(stored -> {
                    if (stored.payload() instanceof RoleDefined e) {
                        return Rows.insert(
                                db,
                                table,
                                List.of(
                                        "tenant_id",
                                        "name",
                                        "id",
                                        "description",
                                        "permissions",
                                        "defined_at",
                                        "changed_at",
                                        "position"),
                                List.of(
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        Instant.class,
                                        Instant.class,
                                        Long.class),
                                List.<Object[]>of(new Object[] {
                                    e.tenantId().value(),
                                    e.name().value(),
                                    e.roleId().value(),
                                    e.description(),
                                    wire(e.permissions()),
                                    stored.timestamp(),
                                    stored.timestamp(),
                                    stored.position()
                                }));
                    }
                    if (stored.payload() instanceof RoleChanged e) {
                        return db.sql("UPDATE " + table
                                        + " SET description = :d, permissions = :p, changed_at = :at, position = :pos"
                                        + " WHERE tenant_id = :t AND name = :n")
                                .bind("d", e.description())
                                .bind("p", wire(e.permissions()))
                                .bind("at", Rows.utc(stored.timestamp()))
                                .bind("pos", stored.position())
                                .bind("t", e.tenantId().value())
                                .bind("n", e.name().value())
                                .then();
                    }
                    if (stored.payload() instanceof RoleDeleted e) {
                        return db.sql("DELETE FROM " + table + " WHERE tenant_id = :t AND name = :n")
                                .bind("t", e.tenantId().value())
                                .bind("n", e.name().value())
                                .then();
                    }
                    return Mono.empty();
                })
                .then();
    }

    /** Permissions by wire name, comma-separated, in the enum's order. */
    static String wire(Set<Permission> permissions) {
        return permissions.stream().map(Permission::wireName).collect(Collectors.joining(","));
    }
}
