package io.atrium.events.role;

import io.atrium.events.AtriumEvent;
import io.atrium.events.TenantId;

/** The facts of a custom role's life: defined, changed, deleted. */
public sealed interface RoleEvent extends AtriumEvent permits RoleDefined, RoleChanged, RoleDeleted {

    RoleId roleId();

    TenantId tenantId();

    RoleName name();

    @Override
    default String aggregateId() {
        return roleId().value();
    }
}
