package io.atrium.query.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.access.CredentialDigest;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Resolves a presented bearer key to its caller by the key's SHA-256, against {@code api_key_view}:
 * what authenticates requests on a node that runs the read side without the write side (where the
 * write side runs, its own table answers, and a revocation there is seen on the next request).
 * Lookups are cached for {@link #CACHE_TTL}; a key issued a moment ago works once the projection has
 * applied it, usually within milliseconds. What the key's roles grant is resolved on each request
 * through {@link QueryRoles}, so a changed custom role counts without waiting for the key's entry.
 */
public final class QueryKeys {

    /** How long this node may still accept a key revoked on another node. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    /** What authentication needs of a key: its id, tenant and every role name it holds. */
    private record KeyRow(ApiKeyId id, TenantId tenant, Set<String> roleNames) {}

    private final DatabaseClient db;
    private final QueryRoles roles;
    private final Cache<String, Optional<KeyRow>> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL)
            .build();

    public QueryKeys(DatabaseClient db, QueryRoles roles) {
        this.db = db;
        this.roles = roles;
    }

    /** The caller the key belongs to, empty when it is unknown or revoked. */
    public Mono<Optional<Caller>> find(String presentedKey) {
        String hash = CredentialDigest.of(presentedKey);
        Optional<KeyRow> cached = cache.getIfPresent(hash);
        Mono<Optional<KeyRow>> row =
                cached != null ? Mono.just(cached) : lookup(hash).doOnNext(found -> cache.put(hash, found));
        return row.flatMap(found -> found.isEmpty()
                ? Mono.just(Optional.<Caller>empty())
                : roles.permissionsOf(found.get().tenant(), found.get().roleNames())
                        .map(granted -> Optional.of(caller(found.get(), granted))));
    }

    private static Caller caller(KeyRow row, Set<Permission> granted) {
        Set<Role> builtIn = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (row.roleNames().contains(role.wireName())) {
                builtIn.add(role);
            }
        }
        return new Caller(row.id().asActor(), row.id(), row.tenant(), builtIn, granted);
    }

    private Mono<Optional<KeyRow>> lookup(String hash) {
        return db.sql("SELECT id, tenant_id, roles, revoked FROM api_key_view WHERE secret_sha256 = :hash")
                .bind("hash", hash)
                .map(row -> Boolean.TRUE.equals(row.get("revoked", Boolean.class))
                        ? Optional.<KeyRow>empty()
                        : Optional.of(new KeyRow(
                                new ApiKeyId(row.get("id", String.class)),
                                new TenantId(row.get("tenant_id", String.class)),
                                Arrays.stream(row.get("roles", String.class).split(","))
                                        .filter(s -> !s.isEmpty())
                                        .collect(Collectors.toUnmodifiableSet()))))
                .one()
                .defaultIfEmpty(Optional.empty());
    }
}
