package io.atrium.query.access;

import io.atrium.events.access.Caller;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Whether the key a request was authenticated with is still valid, for answers that outlive their
 * request (the live feed): authentication looks once, when the request comes in. Read from
 * {@code api_key_view}, uncached, so a revocation is seen as soon as the projection has applied it.
 */
public final class ActiveKeys {

    private final DatabaseClient db;

    public ActiveKeys(DatabaseClient db) {
        this.db = db;
    }

    /** False once the caller's key is revoked, or when the read model does not know it (fail closed). */
    public Mono<Boolean> isActive(Caller caller) {
        if (caller.keyId() == null) {
            // The platform acting on its own has no key to revoke.
            return Mono.just(true);
        }
        return db.sql("SELECT revoked FROM api_key_view WHERE id = :id")
                .bind("id", caller.keyId().value())
                .map(row -> !Boolean.TRUE.equals(row.get("revoked", Boolean.class)))
                .one()
                .defaultIfEmpty(false);
    }
}
