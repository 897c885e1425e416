package io.atrium.command.member;

import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.access.RoleCatalog;
import io.atrium.events.apikey.Role;
import java.util.Arrays;
import java.util.Set;

/**
 * The built-in roles only. A platform operator is above tenants and is never a tenant's member role.
 * Replaced by an adapter that also knows custom roles where one exists.
 */
public final class BuiltInRoles implements KnownRoles {

    @Override
    public boolean exists(TenantId tenant, String roleName) {
        return Arrays.stream(Role.values())
                .filter(r -> r != Role.PLATFORM_OPERATOR)
                .anyMatch(r -> r.wireName().equals(roleName));
    }

    @Override
    public Set<Permission> grants(TenantId tenant, Set<String> roleNames) {
        return RoleCatalog.BUILT_IN.permissionsOf(tenant, roleNames);
    }
}
