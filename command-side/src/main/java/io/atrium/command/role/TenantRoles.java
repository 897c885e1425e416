package io.atrium.command.role;

import io.atrium.events.TenantId;
import io.atrium.events.access.RoleCatalog;

/**
 * A tenant's roles as the write side knows them: the permissions role names grant (built-in and
 * custom), and whether a name is a role of the tenant. Other command code (keys, members) checks the
 * roles it is asked to hand out here.
 */
public interface TenantRoles extends RoleCatalog {

    /** Whether {@code roleName} is a built-in role or a custom role {@code tenant} defines now. */
    boolean exists(TenantId tenant, String roleName);
}
