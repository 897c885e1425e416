package io.atrium.query.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.access.RoleCatalog;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The {@link RoleCatalog} of a node that runs the read side without the write side: a tenant's custom
 * roles read from {@code role_view} (the {@code roles} projection) and kept for {@link #CACHE_TTL}.
 * Resolving a role is asynchronous here (the read model is reached over R2DBC); {@link #catalogOf}
 * answers a catalogue that then resolves from memory. A change made on a command node counts here
 * within the cache's lifetime plus the projection's lag.
 */
public final class QueryRoles {

    /** How long this node may still resolve a custom role as it was before a change. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final DatabaseClient db;
    private final Cache<TenantId, Map<String, Set<Permission>>> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL)
            .build();

    public QueryRoles(DatabaseClient db) {
        this.db = db;
    }

    /** The permissions {@code roleNames} grant in {@code tenant}; unknown names grant nothing. */
    public Mono<Set<Permission>> permissionsOf(TenantId tenant, Set<String> roleNames) {
        Set<Permission> builtIn = RoleCatalog.BUILT_IN.permissionsOf(tenant, roleNames);
        if (roleNames.stream().allMatch(n -> isBuiltIn(n))) {
            return Mono.just(builtIn);
        }
        return catalogOf(tenant).map(catalog -> catalog.permissionsOf(tenant, roleNames));
    }

    /** The tenant's roles, built-in and custom, as a catalogue that answers from memory. */
    public Mono<RoleCatalog> catalogOf(TenantId tenant) {
        Map<String, Set<Permission>> cached = cache.getIfPresent(tenant);
        Mono<Map<String, Set<Permission>>> custom =
                cached != null ? Mono.just(cached) : read(tenant).doOnNext(roles -> cache.put(tenant, roles));
        return custom.map(roles -> (t, names) -> {
            Set<Permission> granted = EnumSet.noneOf(Permission.class);
            granted.addAll(RoleCatalog.BUILT_IN.permissionsOf(t, names));
            names.forEach(n -> granted.addAll(roles.getOrDefault(n, Set.of())));
            return granted;
        });
    }

    private Mono<Map<String, Set<Permission>>> read(TenantId tenant) {
        return db.sql("SELECT name, permissions FROM role_view WHERE tenant_id = :tenant")
                .bind("tenant", tenant.value())
                .map(row -> Map.entry(row.get("name", String.class), permissions(row.get("permissions", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** As the projection wrote them; a name no longer known grants nothing rather than failing. */
    static Set<Permission> permissions(String list) {
        Set<String> names = Set.copyOf(Arrays.asList(list.split(",")));
        return Arrays.stream(Permission.values())
                .filter(p -> names.contains(p.wireName()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
    }

    private static boolean isBuiltIn(String name) {
        return Arrays.stream(io.atrium.events.apikey.Role.values())
                .anyMatch(r -> r.wireName().equals(name));
    }
}
