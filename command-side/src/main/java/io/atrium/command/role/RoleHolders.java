package io.atrium.command.role;

import io.atrium.events.TenantId;
import io.atrium.events.role.RoleName;

/** Who holds a custom role, for the rule that a role in use is not deleted. */
public interface RoleHolders {

    /** Whether any API key of {@code tenant} that is not revoked, or any member not disabled, holds {@code role}. */
    boolean anyActiveHolder(TenantId tenant, RoleName role);
}
