package io.atrium.command.member;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import java.util.Set;

/**
 * What the caller behind a member command holds. Manage-members alone does not let anyone hand out,
 * or take away, more than they hold themselves: the aggregate checks the roles it is asked to give,
 * and the roles of the member it is asked to change, against this.
 */
public record Issuer(Set<Role> roles, Set<Permission> permissions) {

    public Issuer {
        roles = Set.copyOf(roles);
        permissions = Set.copyOf(permissions);
    }

    public static Issuer of(Caller caller) {
        return new Issuer(caller.roles(), caller.permissions());
    }

    /**
     * Refuses unless the issuer holds every permission in {@code granted}, and is an owner where the
     * role names include owner: an owner is more than its permissions (the last-owner rules count it).
     */
    void mayHandle(Set<String> roleNames, Set<Permission> granted) {
        for (Permission p : Permission.values()) {
            if (granted.contains(p) && !permissions.contains(p)) {
                throw new AccessDeniedException(p);
            }
        }
        if (roleNames.contains(Role.OWNER.wireName()) && !roles.contains(Role.OWNER)) {
            throw new InvariantViolation(Invariant.OWNER_ONLY);
        }
    }
}
