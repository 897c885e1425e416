package io.atrium.events.role;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;

/** A custom role was deleted; its name grants nothing from then on and may be defined again. */
@EventType(name = "atrium.role.RoleDeleted", revision = 1)
public record RoleDeleted(RoleId roleId, TenantId tenantId, RoleName name, ActorId deletedBy) implements RoleEvent {

    public RoleDeleted {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deletedBy, "deletedBy");
    }
}
