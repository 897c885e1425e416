package io.atrium.projections.member;

import io.atrium.events.member.MemberDisabled;
import io.atrium.events.member.MemberInvited;
import io.atrium.events.member.MemberLoggedIn;
import io.atrium.events.member.MemberLoggedOut;
import io.atrium.events.member.MemberPasswordSet;
import io.atrium.events.member.MemberRemoved;
import io.atrium.events.member.MemberTokenRefreshed;
import io.atrium.events.member.MemberUpdated;
import io.atrium.events.member.RefreshTokenReuseDetected;
import io.atrium.events.member.SecondFactorEnrolled;
import io.atrium.events.member.SecondFactorRemoved;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code member_view}: each member's address, name, roles, status, whether a second factor is
 * on, and the last login; and {@code member_token_view}: the digests of members' tokens with their
 * expiry and whether their session was revoked, which a node without the write side authenticates
 * access tokens against. No secret and no token in the clear is in either. A removed member's rows
 * are deleted.
 */
public final class MemberProjection implements Projection {

    public static final String NAME = "members";
    static final String TABLE = "member_view";
    static final String TOKENS = "member_token_view";

    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.member.Member")
                || type.startsWith("atrium.member.SecondFactor")
                || type.equals("atrium.member.RefreshTokenReuseDetected");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(
                new ReadModelDialect.Table(
                        TABLE,
                        List.of("id"),
                        List.of(ReadModelDialect.Index.of("ix_member_view_tenant", "tenant_id", "invited_at"))),
                new ReadModelDialect.Table(
                        TOKENS,
                        List.of("token_sha256"),
                        List.of(
                                ReadModelDialect.Index.of("ix_member_token_view_session", "session_id"),
                                ReadModelDialect.Index.of("ix_member_token_view_member", "member_id"))));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String table = tables.name(TABLE);
        String tokens = tables.name(TOKENS);
        return Flux.fromIterable(batch)
                .concatMap(stored -> {
                    Object payload = stored.payload();
                    if (payload instanceof MemberInvited e) {
                        return Rows.insert(
                                db,
                                table,
                                List.of(
                                        "id",
                                        "tenant_id",
                                        "email",
                                        "display_name",
                                        "roles",
                                        "status",
                                        "second_factor",
                                        "invited_at",
                                        "position"),
                                List.of(
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        Boolean.class,
                                        Instant.class,
                                        Long.class),
                                List.<Object[]>of(new Object[] {
                                    e.memberId().value(),
                                    e.tenantId().value(),
                                    e.email(),
                                    e.displayName(),
                                    String.join(",", e.roles()),
                                    "invited",
                                    false,
                                    stored.timestamp(),
                                    stored.position()
                                }));
                    }
                    if (payload instanceof MemberPasswordSet e) {
                        Mono<Void> set = db.sql("UPDATE " + table
                                        + " SET status = CASE WHEN status = 'invited' THEN 'active' "
                                        + "ELSE status END, position = :p WHERE id = :id")
                                .bind("p", stored.position())
                                .bind("id", e.memberId().value())
                                .then();
                        // A changed password ends every earlier session, as on the write side.
                        return MemberPasswordSet.INVITATION_ACCEPTED.equals(e.reason())
                                ? set
                                : set.then(revoke(
                                        db, tokens, "member_id", e.memberId().value(), stored));
                    }
                    if (payload instanceof MemberUpdated e) {
                        return db.sql("UPDATE " + table
                                        + " SET display_name = :n, roles = :r, position = :p WHERE id = :id")
                                .bind("n", e.displayName())
                                .bind("r", String.join(",", e.roles()))
                                .bind("p", stored.position())
                                .bind("id", e.memberId().value())
                                .then();
                    }
                    if (payload instanceof MemberDisabled e) {
                        return set(
                                        db,
                                        table,
                                        "status",
                                        "disabled",
                                        stored,
                                        e.memberId().value())
                                .then(revoke(
                                        db, tokens, "member_id", e.memberId().value(), stored));
                    }
                    if (payload instanceof MemberRemoved e) {
                        return db.sql("DELETE FROM " + table + " WHERE id = :id")
                                .bind("id", e.memberId().value())
                                .then()
                                .then(db.sql("DELETE FROM " + tokens + " WHERE member_id = :id")
                                        .bind("id", e.memberId().value())
                                        .then());
                    }
                    if (payload instanceof MemberTokenRefreshed e) {
                        // The old access token ends with the rotation; the new pair joins the session.
                        String member = e.memberId().value();
                        return db.sql("UPDATE " + tokens + " SET revoked = :r, position = :p "
                                        + "WHERE session_id = :s AND kind = 'access'")
                                .bind("r", true)
                                .bind("p", stored.position())
                                .bind("s", e.sessionId())
                                .then()
                                .then(token(
                                        db,
                                        tokens,
                                        e.accessSha256(),
                                        "access",
                                        member,
                                        e.sessionId(),
                                        e.accessExpiresAt(),
                                        stored))
                                .then(token(
                                        db,
                                        tokens,
                                        e.refreshSha256(),
                                        "refresh",
                                        member,
                                        e.sessionId(),
                                        e.refreshExpiresAt(),
                                        stored));
                    }
                    if (payload instanceof RefreshTokenReuseDetected e) {
                        return revoke(db, tokens, "session_id", e.sessionId(), stored);
                    }
                    if (payload instanceof MemberLoggedOut e) {
                        return revoke(db, tokens, "session_id", e.sessionId(), stored);
                    }
                    if (payload instanceof SecondFactorEnrolled e) {
                        return set(
                                db,
                                table,
                                "second_factor",
                                true,
                                stored,
                                e.memberId().value());
                    }
                    if (payload instanceof SecondFactorRemoved e) {
                        return set(
                                db,
                                table,
                                "second_factor",
                                false,
                                stored,
                                e.memberId().value());
                    }
                    if (payload instanceof MemberLoggedIn e) {
                        String member = e.memberId().value();
                        return set(db, table, "last_login_at", stored.timestamp(), stored, member)
                                .then(token(
                                        db,
                                        tokens,
                                        e.accessSha256(),
                                        "access",
                                        member,
                                        e.sessionId(),
                                        e.accessExpiresAt(),
                                        stored))
                                .then(token(
                                        db,
                                        tokens,
                                        e.refreshSha256(),
                                        "refresh",
                                        member,
                                        e.sessionId(),
                                        e.refreshExpiresAt(),
                                        stored));
                    }
                    return Mono.empty();
                })
                .then();
    }

    private static Mono<Void> token(
            DatabaseClient db,
            String tokens,
            String sha,
            String kind,
            String member,
            String session,
            Instant expires,
            StoredEvent stored) {
        return Rows.insert(
                db,
                tokens,
                List.of("token_sha256", "kind", "member_id", "session_id", "expires_at", "revoked", "position"),
                List.of(
                        String.class,
                        String.class,
                        String.class,
                        String.class,
                        Instant.class,
                        Boolean.class,
                        Long.class),
                List.<Object[]>of(new Object[] {sha, kind, member, session, expires, false, stored.position()}));
    }

    private static Mono<Void> revoke(
            DatabaseClient db, String tokens, String column, String value, StoredEvent stored) {
        return db.sql("UPDATE " + tokens + " SET revoked = :r, position = :p WHERE " + column + " = :v")
                .bind("r", true)
                .bind("p", stored.position())
                .bind("v", value)
                .then();
    }

    private static Mono<Void> set(
            DatabaseClient db, String table, String column, Object value, StoredEvent stored, String id) {
        return db.sql("UPDATE " + table + " SET " + column + " = :v, position = :p WHERE id = :id")
                .bind("v", value)
                .bind("p", stored.position())
                .bind("id", id)
                .then();
    }
}
