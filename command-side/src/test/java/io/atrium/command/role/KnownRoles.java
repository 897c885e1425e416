package io.atrium.command.role;

import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.access.RoleCatalog;
import io.atrium.events.role.RoleName;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's roles held in memory for aggregate fixtures, which have no database: what the role table
 * would answer once these roles were defined.
 */
public final class KnownRoles implements TenantRoles {

    private final Map<TenantId, Map<String, Set<Permission>>> custom = new HashMap<>();

    public KnownRoles define(TenantId tenant, String name, Permission... permissions) {
        custom.computeIfAbsent(tenant, t -> new HashMap<>()).put(name, Set.of(permissions));
        return this;
    }

    @Override
    public Set<Permission> permissionsOf(TenantId tenant, Set<String> roleNames) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        granted.addAll(RoleCatalog.BUILT_IN.permissionsOf(tenant, roleNames));
        Map<String, Set<Permission>> roles = custom.getOrDefault(tenant, Map.of());
        roleNames.forEach(n -> granted.addAll(roles.getOrDefault(n, Set.of())));
        return granted;
    }

    @Override
    public boolean exists(TenantId tenant, String roleName) {
        return RoleName.isBuiltIn(roleName)
                || custom.getOrDefault(tenant, Map.of()).containsKey(roleName);
    }
}
