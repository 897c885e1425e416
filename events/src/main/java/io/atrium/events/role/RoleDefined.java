package io.atrium.events.role;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.StableSets;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import java.util.Objects;
import java.util.Set;

/**
 * A tenant defined a custom role: a name for a set of permissions, which keys (and members) may then
 * hold beside or instead of the built-in roles.
 *
 * @param permissions what holding the role allows, by wire name ({@code manage-host-apps})
 */
@EventType(name = "atrium.role.RoleDefined", revision = 1)
public record RoleDefined(
        RoleId roleId,
        TenantId tenantId,
        RoleName name,
        String description,
        Set<Permission> permissions,
        ActorId definedBy)
        implements RoleEvent {

    public RoleDefined {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        permissions = StableSets.inDeclaredOrder(Permission.class, permissions);
        Objects.requireNonNull(definedBy, "definedBy");
    }
}
