package io.atrium.events.access;

import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated caller of the HTTP API: who it is (an API key, a member, or the platform itself),
 * its tenant, the built-in roles it holds and the permissions those and any custom roles grant.
 * Permissions are resolved when the caller is authenticated, on every request, so a change to a
 * role takes effect on the next request; commands check {@link #require} against them.
 *
 * @param actor       who the caller's changes are recorded under
 * @param keyId       the API key presented, null for a member or the platform itself
 * @param roles       the built-in roles held (owner checks need them: only an owner creates an owner)
 * @param permissions everything the caller's roles, built-in and custom, grant
 */
public record Caller(
        ActorId actor, @Nullable ApiKeyId keyId, TenantId tenant, Set<Role> roles, Set<Permission> permissions) {

    /** The name under which an HTTP layer keeps the authenticated caller of a request. */
    public static final String ATTRIBUTE = "io.atrium.caller";

    /**
     * The platform-operator role is only valid in the platform's own tenant ({@link TenantId#DEFAULT}):
     * anywhere else it, and the permissions only it grants, are dropped here, the one place every
     * authenticated caller is built, so no credential of a tenant can act above the tenants.
     */
    public Caller {
        if (!tenant.equals(TenantId.DEFAULT)) {
            roles = roles.stream().filter(r -> r != Role.PLATFORM_OPERATOR).collect(Collectors.toSet());
            permissions = permissions.stream().filter(p -> !p.platformOnly()).collect(Collectors.toSet());
        }
        roles = Set.copyOf(roles);
        permissions = Set.copyOf(permissions);
    }

    /** A caller presenting an API key with built-in roles. */
    public static Caller ofKey(ApiKeyId keyId, TenantId tenant, Set<Role> roles) {
        return new Caller(keyId.asActor(), keyId, tenant, roles, Permission.grantedBy(roles));
    }

    /** The platform acting on its own, with every role. */
    public static Caller system(TenantId tenant) {
        return new Caller(ActorId.SYSTEM, null, tenant, Set.of(Role.OWNER), Permission.grantedBy(Set.of(Role.OWNER)));
    }

    /** Whether the caller holds {@code permission}. */
    public boolean holds(Permission permission) {
        return permissions.contains(permission);
    }

    /** @throws AccessDeniedException when the caller does not hold {@code permission} */
    public Caller require(Permission permission) {
        if (!holds(permission)) {
            throw new AccessDeniedException(permission);
        }
        return this;
    }
}
