package io.atrium.command.apikey;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyCommands.RevokeApiKey;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.command.role.TenantRoles;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import io.atrium.events.role.RoleName;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An API key: issued with roles, revoked once. Only an owner may create another owner or revoke
 * one, and a tenant's last owner key cannot be revoked, so nobody can lock the platform out.
 *
 * <p>"Last owner" is a rule over all of a tenant's keys, while each key is an aggregate of its own,
 * so two revocations of the last two owner keys would each see the other key still active. It is
 * held by {@link OwnerKeyGuard}, a row lock on the tenant's owner keys in the api-key table taken
 * inside the command's transaction: the second revocation waits for the first to commit and then
 * counts one owner. A tenant-wide registry aggregate would also serialise them, but it would need
 * new events, a registry rebuilt for the owner keys already issued, and every issue and
 * revocation of a tenant's keys funnelled through one aggregate; the table is already written in
 * the same transaction as the key's events, covers every key ever issued, and its lock holds
 * across nodes sharing the database.
 *
 * <p>A key may also hold custom roles of its tenant ({@link TenantRoles}): each must exist when the
 * key is issued, and together they may grant nothing the issuer does not hold, so an admin cannot
 * issue an owner-equivalent key through a role an owner defined. The owner rules above count the
 * built-in owner role only; revoking a key with custom roles needs {@code manage-keys}, as taking
 * power away from a key never raises anyone's.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class ApiKey {

    // Axon builds the aggregate empty; the creation event's handler sets the NullAway.Init fields before anything reads
    // them.
    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private ApiKeyId apiKeyId;

    @SuppressWarnings("NullAway.Init")
    private TenantId tenant;

    /** What the key tables' role column holds (every role name, comma-separated). */
    static final int MAX_ROLE_LIST = 200;

    private Set<Role> roles = Set.of();
    private boolean revoked;

    protected ApiKey() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public ApiKey(IssueApiKey command, TenantRoles tenantRoles) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidValueException("name", "name must be 1-100 characters");
        }
        Set<String> custom = command.customRoles() == null ? Set.of() : command.customRoles();
        if (command.roles() == null || command.roles().isEmpty() && custom.isEmpty()) {
            throw new InvalidValueException("roles", "a key needs at least one role");
        }
        for (String role : custom) {
            RoleName.parse(role);
            if (!tenantRoles.exists(command.tenant(), role)) {
                throw new InvalidValueException("roles", "'" + role + "' is not a role of this tenant");
            }
        }
        // Nobody hands out more than they hold: a custom role granting manage-owner-keys makes an owner-equivalent.
        Set<Permission> granted = tenantRoles.permissionsOf(command.tenant(), custom);
        for (Permission p : Permission.values()) {
            if (granted.contains(p) && !command.issuerPermissions().contains(p)) {
                throw new AccessDeniedException(p);
            }
        }
        if (command.roles().contains(Role.OWNER) && !command.issuerRoles().contains(Role.OWNER)) {
            throw new InvariantViolation(Invariant.OWNER_ONLY);
        }
        // The platform operator stands above every tenant: only another platform operator may create one.
        if (command.roles().contains(Role.PLATFORM_OPERATOR)
                && !command.issuerRoles().contains(Role.PLATFORM_OPERATOR)) {
            throw new AccessDeniedException(Permission.MANAGE_TENANTS);
        }
        if (command.roles().contains(Role.PLATFORM_OPERATOR)
                && !command.tenant().equals(TenantId.DEFAULT)) {
            throw new InvariantViolation(Invariant.PLATFORM_OPERATOR_OUTSIDE_PLATFORM);
        }
        ApiKeyIssued issued = new ApiKeyIssued(
                command.apiKeyId(),
                command.tenant(),
                name,
                command.roles(),
                command.secretSha256(),
                command.actor(),
                custom);
        if (String.join(",", issued.roleNames()).length() > MAX_ROLE_LIST) {
            throw new InvalidValueException(
                    "roles", "a key's role names take at most " + MAX_ROLE_LIST + " characters");
        }
        apply(issued);
    }

    @CommandHandler
    void handle(RevokeApiKey command, OwnerKeyGuard owners) {
        if (!tenant.equals(command.tenant())) {
            throw new UnknownResourceException("API key", apiKeyId.value());
        }
        if (revoked) {
            throw new InvariantViolation(Invariant.ALREADY_REVOKED);
        }
        if (roles.contains(Role.OWNER)) {
            if (!command.revokerRoles().contains(Role.OWNER)) {
                throw new AccessDeniedException(Permission.MANAGE_OWNER_KEYS);
            }
            if (owners.lockAndCountActiveOwnerKeys(tenant) <= 1) {
                throw new InvariantViolation(Invariant.LAST_OWNER_KEY);
            }
        }
        apply(new ApiKeyRevoked(apiKeyId, command.actor()));
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        apiKeyId = event.apiKeyId();
        tenant = event.tenantId();
        roles = Set.copyOf(event.roles());
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
