package io.atrium.query.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Resolves a presented bearer key to its caller by the key's SHA-256, against {@code api_key_view}:
 * what authenticates requests on a node that runs the read side without the write side (where the
 * write side runs, its own table answers, and a revocation there is seen on the next request).
 * Lookups are cached for {@link #CACHE_TTL}; a key issued a moment ago works once the projection has
 * applied it, usually within milliseconds.
 */
public final class QueryKeys {

    /** How long this node may still accept a key revoked on another node. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final DatabaseClient db;
    private final Cache<String, Optional<Caller>> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL)
            .build();

    public QueryKeys(DatabaseClient db) {
        this.db = db;
    }

    /** The caller the key belongs to, empty when it is unknown or revoked. */
    public Mono<Optional<Caller>> find(String presentedKey) {
        String hash = sha256(presentedKey);
        Optional<Caller> cached = cache.getIfPresent(hash);
        return cached != null ? Mono.just(cached) : lookup(hash).doOnNext(found -> cache.put(hash, found));
    }

    private Mono<Optional<Caller>> lookup(String hash) {
        return db.sql("SELECT id, tenant_id, roles, revoked FROM api_key_view WHERE secret_sha256 = :hash")
                .bind("hash", hash)
                .map(row -> Boolean.TRUE.equals(row.get("revoked", Boolean.class))
                        ? Optional.<Caller>empty()
                        : Optional.of(Caller.ofKey(
                                new ApiKeyId(row.get("id", String.class)),
                                new TenantId(row.get("tenant_id", String.class)),
                                Arrays.stream(row.get("roles", String.class).split(","))
                                        .filter(s -> !s.isEmpty())
                                        .map(Role::of)
                                        .collect(Collectors.toUnmodifiableSet()))))
                .one()
                .defaultIfEmpty(Optional.empty());
    }

    static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
