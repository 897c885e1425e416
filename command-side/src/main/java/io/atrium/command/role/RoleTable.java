package io.atrium.command.role;

import io.atrium.command.placement.TenantScope;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.access.RoleCatalog;
import io.atrium.events.role.RoleChanged;
import io.atrium.events.role.RoleDefined;
import io.atrium.events.role.RoleDeleted;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tenants' custom roles, by tenant and name, and the {@link RoleCatalog} the write side
 * authenticates with. Written by a subscribing event handler inside the transaction that records the
 * role's events, so the table never disagrees with the event log.
 *
 * <p>Authentication asks on every request, so each tenant's roles are kept in memory once read. A
 * change on this node clears that memory when its transaction commits, so the next request here sees
 * it; another command node sharing the database sees it within {@link #CACHE_TTL}.
 */
@Component
@ProcessingGroup(RoleTable.PROCESSING_GROUP)
public class RoleTable implements TenantRoles {

    public static final String PROCESSING_GROUP = "role-table";

    /** How long another node may still answer a role as it was before a change made elsewhere. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    /** A custom role as the table holds it. */
    public record Row(RoleId id, RoleName name, String description, Set<Permission> permissions) {}

    private record Loaded(long generation, long loadedAtNanos, Map<String, Row> roles) {}

    private final JdbcTemplate jdbc;
    private final Map<TenantId, Loaded> cache = new ConcurrentHashMap<>();

    /**
     * Bumped when a change commits on this node. A read that started before the change may finish after
     * it; its answer is kept under the older generation and so is never used.
     */
    private final AtomicLong generation = new AtomicLong();

    public RoleTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RoleDefined event) {
        jdbc.update(
                "INSERT INTO tenant_role (tenant_id, name, id, description, permissions) VALUES (?, ?, ?, ?, ?)",
                event.tenantId().value(),
                event.name().value(),
                event.roleId().value(),
                event.description(),
                wire(event.permissions()));
        invalidateOnCommit();
    }

    @EventHandler
    void on(RoleChanged event) {
        jdbc.update(
                "UPDATE tenant_role SET description = ?, permissions = ? WHERE tenant_id = ? AND name = ?",
                event.description(),
                wire(event.permissions()),
                event.tenantId().value(),
                event.name().value());
        invalidateOnCommit();
    }

    @EventHandler
    void on(RoleDeleted event) {
        jdbc.update(
                "DELETE FROM tenant_role WHERE tenant_id = ? AND name = ?",
                event.tenantId().value(),
                event.name().value());
        invalidateOnCommit();
    }

    private void invalidateOnCommit() {
        generation.incrementAndGet();
        cache.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // A request between the write and the commit reads the role as it was and caches that; clear again
            // once the change is visible to every reader.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                    cache.clear();
                }
            });
        }
    }

    @Override
    public Set<Permission> permissionsOf(TenantId tenant, Set<String> roleNames) {
        if (roleNames.stream().allMatch(RoleName::isBuiltIn)) {
            return RoleCatalog.BUILT_IN.permissionsOf(tenant, roleNames);
        }
        return grantedBy(roles(tenant), roleNames);
    }

    /**
     * What {@code roleNames} grant in {@code tenant} when that can be answered from memory, without a
     * database read; null when the tenant's roles would have to be read first.
     */
    public @Nullable Set<Permission> permissionsIfCached(TenantId tenant, Set<String> roleNames) {
        if (roleNames.stream().allMatch(RoleName::isBuiltIn)) {
            return RoleCatalog.BUILT_IN.permissionsOf(tenant, roleNames);
        }
        Map<String, Row> roles = cachedRoles(tenant);
        return roles == null ? null : grantedBy(roles, roleNames);
    }

    private static Set<Permission> grantedBy(Map<String, Row> custom, Set<String> roleNames) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        granted.addAll(RoleCatalog.BUILT_IN.permissionsOf(TenantId.DEFAULT, roleNames));
        for (String name : roleNames) {
            Row row = custom.get(name);
            if (row != null) {
                granted.addAll(row.permissions());
            }
        }
        return granted;
    }

    @Override
    public boolean exists(TenantId tenant, String roleName) {
        return RoleName.isBuiltIn(roleName) || find(tenant, roleName).isPresent();
    }

    /** The tenant's custom role of this name, read through the cache. */
    public Optional<Row> find(TenantId tenant, String roleName) {
        return Optional.ofNullable(roles(tenant).get(roleName));
    }

    /** The tenant's custom roles by name. Blocks on a cache miss. */
    public Map<String, Row> roles(TenantId tenant) {
        Map<String, Row> cached = cachedRoles(tenant);
        if (cached != null) {
            return cached;
        }
        long seen = generation.get();
        Map<String, Row> read = read(tenant);
        cache.put(tenant, new Loaded(seen, System.nanoTime(), read));
        return read;
    }

    private @Nullable Map<String, Row> cachedRoles(TenantId tenant) {
        Loaded loaded = cache.get(tenant);
        if (loaded == null
                || loaded.generation() != generation.get()
                || System.nanoTime() - loaded.loadedAtNanos() > CACHE_TTL.toNanos()) {
            return null;
        }
        return loaded.roles();
    }

    private Map<String, Row> read(TenantId tenant) {
        // A tenant placed in a database of its own keeps its roles there; authentication runs outside any command.
        List<Row> rows = TenantScope.in(
                tenant,
                () -> jdbc.query(
                        "SELECT id, name, description, permissions FROM tenant_role WHERE tenant_id = ?",
                        (rs, n) -> new Row(
                                new RoleId(rs.getString(1)),
                                new RoleName(rs.getString(2)),
                                rs.getString(3),
                                permissions(rs.getString(4))),
                        tenant.value()));
        return rows.stream().collect(Collectors.toUnmodifiableMap(r -> r.name().value(), r -> r));
    }

    private static String wire(Set<Permission> permissions) {
        return permissions.stream().map(Permission::wireName).sorted().collect(Collectors.joining(","));
    }

    /** Written by this table from a role's event; a name no longer known grants nothing rather than failing. */
    private static Set<Permission> permissions(String list) {
        Set<String> names = Set.copyOf(Arrays.asList(list.split(",")));
        Set<Permission> known = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if (names.contains(p.wireName())) {
                known.add(p);
            }
        }
        return known;
    }
}
