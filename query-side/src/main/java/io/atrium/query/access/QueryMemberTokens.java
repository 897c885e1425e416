package io.atrium.query.access;

import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.access.CredentialDigest;
import io.atrium.events.apikey.Role;
import io.atrium.query.readmodel.Json;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Resolves a member's access token to its caller against the read model ({@code member_token_view}
 * joined to {@code member_view}, both kept by the {@code members} projection): what authenticates
 * members on a node without the write side. Checked on every request, without a cache, with the
 * platform's clock; a logout, a refresh-token reuse or a disabling elsewhere counts once the
 * projection has applied it (its lag, normally milliseconds).
 */
public final class QueryMemberTokens {

    private final DatabaseClient db;
    private final Clock clock;
    private final QueryRoles roles;

    /** @param roles the tenants' roles as the read side knows them, custom ones included */
    public QueryMemberTokens(DatabaseClient db, Clock clock, QueryRoles roles) {
        this.db = db;
        this.clock = clock;
        this.roles = roles;
    }

    public Mono<Optional<Caller>> find(String accessToken) {
        return db.sql("SELECT t.kind, t.expires_at, t.revoked, m.id, m.tenant_id, m.roles, m.status "
                        + "FROM member_token_view t JOIN member_view m ON m.id = t.member_id "
                        + "WHERE t.token_sha256 = :hash")
                .bind("hash", CredentialDigest.of(accessToken))
                .map(row -> {
                    boolean valid = "access".equals(row.get("kind", String.class))
                            && !Boolean.TRUE.equals(row.get("revoked", Boolean.class))
                            && "active".equals(row.get("status", String.class))
                            && clock.instant().isBefore(Json.instant(row.get("expires_at", LocalDateTime.class)));
                    if (!valid) {
                        return Optional.<Holder>empty();
                    }
                    TenantId tenant = new TenantId(row.get("tenant_id", String.class));
                    Set<String> names = Set.copyOf(
                            Arrays.stream(row.get("roles", String.class).split(","))
                                    .filter(s -> !s.isEmpty())
                                    .toList());
                    return Optional.of(new Holder(new ActorId(row.get("id", String.class)), tenant, names));
                })
                .one()
                .flatMap(holder -> holder.isEmpty()
                        ? Mono.just(Optional.<Caller>empty())
                        : holder.get().caller(roles))
                .defaultIfEmpty(Optional.empty());
    }

    /** A valid token's member, before its role names are resolved to permissions. */
    private record Holder(ActorId member, TenantId tenant, Set<String> roleNames) {
        Mono<Optional<Caller>> caller(QueryRoles roles) {
            Set<Role> builtIn = EnumSet.noneOf(Role.class);
            for (Role role : Role.values()) {
                if (roleNames.contains(role.wireName())) {
                    builtIn.add(role);
                }
            }
            return roles.permissionsOf(tenant, roleNames)
                    .map(permissions -> Optional.of(new Caller(member, null, tenant, builtIn, permissions)));
        }
    }
}
