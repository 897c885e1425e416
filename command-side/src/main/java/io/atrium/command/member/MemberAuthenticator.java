package io.atrium.command.member;

import io.atrium.command.placement.DedicatedEventStores;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.access.RoleCatalog;
import io.atrium.events.apikey.Role;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Resolves a member's access token ({@code atm_...}) to its caller, on every request and without a
 * cache: the token must be known, unexpired by the platform's clock, its session not revoked (logout,
 * refresh-token reuse, disabling), and the member active. The member's role names are resolved to
 * permissions by the {@link RoleCatalog} bean (the built-in roles where none is configured), so a
 * change to a role counts from the next request. Blocks: callers run it off the event loop.
 */
@Component
public class MemberAuthenticator {

    private final MemberTable table;
    private final Clock clock;
    private final ObjectProvider<RoleCatalog> roles;
    private final DedicatedEventStores placements;

    public MemberAuthenticator(
            MemberTable table,
            Clock clock,
            ObjectProvider<RoleCatalog> roles,
            ObjectProvider<DedicatedEventStores> placements) {
        this.table = table;
        this.clock = clock;
        this.roles = roles;
        this.placements = placements.getIfAvailable(() -> new DedicatedEventStores(java.util.Map.of()));
    }

    /** Whether a presented bearer credential is a member's access token rather than an API key. */
    public static boolean isAccessToken(String presented) {
        return presented.startsWith(Tokens.ACCESS);
    }

    public Optional<Caller> authenticate(String accessToken) {
        // The token is in the database of its member's tenant: the shared one, or a placed tenant's own.
        String digest = Tokens.sha256(accessToken);
        return placements
                .find(() -> table.findToken(digest))
                .filter(t -> t.value().kind().equals("access")
                        && !t.value().sessionRevoked()
                        && clock.instant().isBefore(t.value().expiresAt()))
                .flatMap(t -> t.in(() -> table.findById(t.value().member()))
                        .filter(m -> placements.belongsIn(t.tenant(), m.tenant())))
                .filter(m -> "active".equals(m.status()))
                .map(m -> {
                    Set<Role> builtIn = EnumSet.noneOf(Role.class);
                    for (Role role : Role.values()) {
                        if (m.roles().contains(role.wireName())) {
                            builtIn.add(role);
                        }
                    }
                    Set<Permission> permissions = new HashSet<>(roles.getIfAvailable(() -> RoleCatalog.BUILT_IN)
                            .permissionsOf(m.tenant(), Set.copyOf(m.roles())));
                    return new Caller(m.id().asActor(), null, m.tenant(), builtIn, permissions);
                });
    }
}
