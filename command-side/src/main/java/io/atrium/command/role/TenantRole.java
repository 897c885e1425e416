package io.atrium.command.role;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.command.role.RoleCommands.ChangeRole;
import io.atrium.command.role.RoleCommands.DefineRole;
import io.atrium.command.role.RoleCommands.DeleteRole;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.Permission;
import io.atrium.events.role.RoleChanged;
import io.atrium.events.role.RoleDefined;
import io.atrium.events.role.RoleDeleted;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import java.util.EnumSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A tenant's custom role: a name for a set of the platform's permissions. The rules:
 * <ul>
 *   <li>at least one permission, never {@code manage-tenants} (the platform operator's, above every
 *       tenant, so no tenant can grant it);</li>
 *   <li>nobody defines, changes or deletes a role granting a permission they do not hold themselves.
 *       An admin therefore cannot mint an owner-equivalent: {@code manage-owner-keys} is held by
 *       owners only, so a role granting it needs an owner, and so does changing or deleting it;</li>
 *   <li>the name is unique in the tenant and is not a built-in role's; it does not change (a new name
 *       is a new role);</li>
 *   <li>a role an unrevoked API key holds is not deleted (409 {@code role-in-use}): a name that simply
 *       granted nothing would come back to life in those keys if a role of that name were defined
 *       again.</li>
 * </ul>
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class TenantRole {

    public static final int MAX_DESCRIPTION = 200;

    // Axon builds the aggregate empty; the creation event's handler sets the NullAway.Init fields before anything reads
    // them.
    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private RoleId roleId;

    @SuppressWarnings("NullAway.Init")
    private TenantId tenant;

    @SuppressWarnings("NullAway.Init")
    private RoleName name;

    private Set<Permission> permissions = Set.of();
    private boolean deleted;

    protected TenantRole() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public TenantRole(DefineRole command, TenantRoles roles) {
        String description = description(command.description());
        Set<Permission> granted = grantable(command.permissions(), command.definerPermissions());
        if (roles.exists(command.tenant(), command.name().value())) {
            throw new InvariantViolation(Invariant.ROLE_EXISTS, "'" + command.name() + "' exists");
        }
        apply(new RoleDefined(
                command.roleId(), command.tenant(), command.name(), description, granted, command.actor()));
    }

    @CommandHandler
    void handle(ChangeRole command) {
        checkExists(command.tenant());
        String description = description(command.description());
        // Taking a permission away from holders is as much a change as granting one.
        holdsAll(permissions, command.changerPermissions());
        Set<Permission> granted = grantable(command.permissions(), command.changerPermissions());
        apply(new RoleChanged(roleId, tenant, name, description, granted, command.actor()));
    }

    @CommandHandler
    void handle(DeleteRole command, RoleHolders holders) {
        checkExists(command.tenant());
        holdsAll(permissions, command.deleterPermissions());
        if (holders.anyActiveHolder(tenant, name)) {
            throw new InvariantViolation(Invariant.ROLE_IN_USE, "'" + name + "' is held by an API key or a member");
        }
        apply(new RoleDeleted(roleId, tenant, name, command.actor()));
    }

    private void checkExists(TenantId caller) {
        if (deleted || !tenant.equals(caller)) {
            throw new UnknownResourceException("role", name.value());
        }
    }

    private static String description(String description) {
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION) {
            throw new InvalidValueException(
                    "description", "description must be at most " + MAX_DESCRIPTION + " characters");
        }
        return d;
    }

    /** The permissions a role may grant, given what its author holds. */
    static Set<Permission> grantable(Set<Permission> asked, Set<Permission> holder) {
        if (asked == null || asked.isEmpty()) {
            throw new InvalidValueException("permissions", "a role needs at least one permission");
        }
        if (asked.contains(Permission.MANAGE_TENANTS)) {
            throw new InvalidValueException(
                    "permissions",
                    "manage-tenants belongs to the platform operator, above every tenant; no tenant role grants it");
        }
        holdsAll(asked, holder);
        return EnumSet.copyOf(asked);
    }

    private static void holdsAll(Set<Permission> needed, Set<Permission> holder) {
        for (Permission p : Permission.values()) {
            if (needed.contains(p) && !holder.contains(p)) {
                throw new AccessDeniedException(p);
            }
        }
    }

    @EventSourcingHandler
    void on(RoleDefined event) {
        roleId = event.roleId();
        tenant = event.tenantId();
        name = event.name();
        permissions = Set.copyOf(event.permissions());
    }

    @EventSourcingHandler
    void on(RoleChanged event) {
        permissions = Set.copyOf(event.permissions());
    }

    @EventSourcingHandler
    void on(RoleDeleted event) {
        deleted = true;
    }
}
