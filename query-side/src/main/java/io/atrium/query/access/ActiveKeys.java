package io.atrium.query.access;

import io.atrium.events.access.Caller;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Whether the credential a request was authenticated with is still valid, for answers that outlive
 * their request (the live feed): authentication looks once, when the request comes in. An API key is
 * read from {@code api_key_view}, a member's access token as authentication reads it (revoked by a
 * logout or a new password, expired, or its member disabled or removed), both uncached, so a change
 * is seen as soon as the projection has applied it.
 */
public final class ActiveKeys {

    private final DatabaseClient db;
    private final @Nullable QueryMemberTokens memberTokens;

    public ActiveKeys(DatabaseClient db) {
        this(db, null);
    }

    public ActiveKeys(DatabaseClient db, @Nullable QueryMemberTokens memberTokens) {
        this.db = db;
        this.memberTokens = memberTokens;
    }

    /**
     * False once the caller's key is revoked, or when the read model does not know it (fail closed).
     *
     * @param bearer the credential the request presented; a member's access token is checked again
     */
    public Mono<Boolean> isActive(Caller caller, @Nullable String bearer) {
        if (caller.keyId() == null) {
            QueryMemberTokens members = memberTokens;
            if (bearer != null && members != null && caller.actor().value().startsWith("mem-")) {
                // A member's token ends with a logout, a new password, its expiry or the member's
                // disabling: the feed it opened ends with it.
                return members.find(bearer).map(Optional::isPresent);
            }
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
