package io.atrium.command.member;

import io.atrium.events.TenantId;

/**
 * Which role names a member may be given in a tenant: the built-in roles, and the tenant's custom
 * roles where an adapter knows them. Checked when a member is invited or edited.
 */
@FunctionalInterface
public interface KnownRoles {

    boolean exists(TenantId tenant, String roleName);
}
