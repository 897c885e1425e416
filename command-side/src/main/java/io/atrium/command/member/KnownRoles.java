package io.atrium.command.member;

import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import java.util.Set;

/**
 * Which role names a member may be given in a tenant, and what they grant: the built-in roles, and the
 * tenant's custom roles where an adapter knows them. Checked when a member is invited or edited, and
 * before one is disabled or removed, so nobody hands out, or takes away, more than they hold.
 */
public interface KnownRoles {

    boolean exists(TenantId tenant, String roleName);

    /**
     * The permissions {@code roleNames} grant in {@code tenant}. Not a {@code RoleCatalog}: the
     * authenticators take the one catalogue bean there is, and this is a narrower view of it.
     */
    Set<Permission> grants(TenantId tenant, Set<String> roleNames);
}
