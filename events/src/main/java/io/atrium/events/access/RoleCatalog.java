package io.atrium.events.access;

import io.atrium.events.TenantId;
import io.atrium.events.apikey.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Resolves the names of the roles a caller holds to the permissions they grant: the built-in roles
 * everywhere, and a tenant's custom roles where an adapter knows them. Authentication asks on every
 * request, so an adapter answers from memory and a changed role counts from the next request.
 */
@FunctionalInterface
public interface RoleCatalog {

    /** The permissions {@code roleNames} grant in {@code tenant}; a name the tenant does not define grants nothing. */
    Set<Permission> permissionsOf(TenantId tenant, Set<String> roleNames);

    /** Only the built-in roles. */
    RoleCatalog BUILT_IN = (tenant, roleNames) -> {
        Set<Role> held = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (roleNames.contains(role.wireName())) {
                held.add(role);
            }
        }
        return Permission.grantedBy(held);
    };
}
