package io.atrium.projections.member;

import io.atrium.events.member.MemberDisabled;
import io.atrium.events.member.MemberInvited;
import io.atrium.events.member.MemberLoggedIn;
import io.atrium.events.member.MemberPasswordSet;
import io.atrium.events.member.MemberRemoved;
import io.atrium.events.member.MemberUpdated;
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
 * on, and the last login. No secret and no token is in it. A removed member's row is deleted.
 */
public final class MemberProjection implements Projection {

    public static final String NAME = "members";
    static final String TABLE = "member_view";

    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.member.Member") || type.startsWith("atrium.member.SecondFactor");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(new ReadModelDialect.Table(
                TABLE,
                List.of("id"),
                List.of(ReadModelDialect.Index.of("ix_member_view_tenant", "tenant_id", "invited_at"))));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String table = tables.name(TABLE);
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
                        return db.sql("UPDATE " + table + " SET status = CASE WHEN status = 'invited' THEN 'active' "
                                        + "ELSE status END, position = :p WHERE id = :id")
                                .bind("p", stored.position())
                                .bind("id", e.memberId().value())
                                .then();
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
                                e.memberId().value());
                    }
                    if (payload instanceof MemberRemoved e) {
                        return db.sql("DELETE FROM " + table + " WHERE id = :id")
                                .bind("id", e.memberId().value())
                                .then();
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
                        return set(
                                db,
                                table,
                                "last_login_at",
                                stored.timestamp(),
                                stored,
                                e.memberId().value());
                    }
                    return Mono.empty();
                })
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
