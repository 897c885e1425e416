package io.atrium.events.role;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.StableSets;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import java.util.Objects;
import java.util.Set;

/**
 * A custom role's description and permissions were replaced; holders get the new permissions from
 * their next request. The name and tenant are repeated so a reader needs no earlier event.
 */
@EventType(name = "atrium.role.RoleChanged", revision = 1)
public record RoleChanged(
        RoleId roleId,
        TenantId tenantId,
        RoleName name,
        String description,
        Set<Permission> permissions,
        ActorId changedBy)
        implements RoleEvent {

    public RoleChanged {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        permissions = StableSets.inDeclaredOrder(Permission.class, permissions);
        Objects.requireNonNull(changedBy, "changedBy");
    }
}
