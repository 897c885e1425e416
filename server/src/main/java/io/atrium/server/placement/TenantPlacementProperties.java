package io.atrium.server.placement;

import io.atrium.events.TenantId;
import io.atrium.projections.readmodel.ReadModelProperties;
import io.atrium.server.Roles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * {@code atrium.tenants.<tenantId>}: tenants placed in a database of their own. Each listed tenant's
 * events, command-side tables and read models live there and nowhere else; every other tenant stays in
 * the shared databases ({@code atrium.event-store}, {@code atrium.read-model}).
 *
 * @param dataDir where the embedded defaults keep a placement's files ({@code <dataDir>/tenants/<id>})
 * @param tenants the placements, by tenant id
 */
@ConfigurationProperties(prefix = "atrium")
public record TenantPlacementProperties(
        @DefaultValue("./data") Path dataDir, @Nullable Map<String, Placement> tenants) {

    /** The placements by checked tenant id, in configuration order. */
    public Map<TenantId, Placement> placements() {
        Map<TenantId, Placement> placed = new LinkedHashMap<>();
        if (tenants != null) {
            tenants.forEach((id, placement) -> placed.put(TenantId.parse(id), placement));
        }
        return placed;
    }

    /** Where a placement's embedded files go. */
    public Path dir(TenantId tenant) {
        return dataDir.toAbsolutePath().normalize().resolve("tenants").resolve(tenant.value());
    }

    /**
     * @param eventStore      the tenant's event store and command-side tables
     * @param readModel       the tenant's read models, with the keys of {@code atrium.read-model}
     * @param bootstrapApiKey made an owner key of the tenant at start-up, once (16-256 visible ASCII
     *                        characters), so that someone can act as the tenant from the first start
     */
    public record Placement(
            @DefaultValue EventStore eventStore,
            @DefaultValue ReadModelProperties.ReadModel readModel,
            @Nullable String bootstrapApiKey) {}

    /**
     * @param url         JDBC URL of a MySQL/MariaDB database of the tenant's own; unset, an embedded H2
     *                    file under {@code <dataDir>/tenants/<id>/eventstore}
     * @param username    database user
     * @param password    database password
     * @param maxPoolSize connections in the tenant's pool
     */
    public record EventStore(
            @Nullable String url,
            @DefaultValue("root") String username,
            @DefaultValue("") String password,
            @DefaultValue("8") int maxPoolSize) {}

    /**
     * Refuses what placements cannot do, with a message saying what to change. A placement has its own
     * event log (positions numbered in its database) that only this process's in-process feed reads: the
     * Kafka relay publishes the shared store only, and KurrentDB holds one log, so both are refused, and
     * so is a node running only some sides (its other sides would not know the placement).
     */
    public void check(Environment environment) {
        Map<TenantId, Placement> placed = placements();
        if (placed.isEmpty()) {
            return;
        }
        if (!Roles.of(environment).containsAll(Set.of(Roles.COMMAND, Roles.PROJECTIONS, Roles.QUERY))) {
            throw new IllegalStateException("atrium.tenants places tenants in databases of their own, which needs "
                    + "every side in this process (atrium.roles=all)");
        }
        if (!Roles.feed(environment).equals(Roles.IN_PROCESS)) {
            throw new IllegalStateException("atrium.tenants places tenants in databases of their own, which cluster "
                    + "mode (" + Roles.FEED_PROPERTY + "=kafka) does not support: the relay publishes the shared "
                    + "event store only. Remove atrium.tenants or run on one node");
        }
        if (Roles.onKurrentDb(environment)) {
            throw new IllegalStateException("atrium.tenants places tenants in databases of their own, which "
                    + Roles.STORE_PROPERTY + "=kurrentdb does not support: set the event store's kind to h2 or jdbc");
        }
        String sharedKind = environment.getProperty("atrium.read-model.kind", "h2");
        placed.forEach((tenant, placement) -> {
            if (tenant.equals(TenantId.DEFAULT)) {
                throw new IllegalStateException(
                        "atrium.tenants.default: the default tenant lives in the shared databases");
            }
            // One read API serves every placement, and its SQL is written for one dialect's bind markers.
            if (!placement.readModel().kind().equals(sharedKind)) {
                throw new IllegalStateException("atrium.tenants." + tenant + ".read-model.kind is '"
                        + placement.readModel().kind() + "' but the shared read model's (atrium.read-model.kind) is '"
                        + sharedKind + "': a placement's read model must be of the same kind");
            }
        });
    }
}
