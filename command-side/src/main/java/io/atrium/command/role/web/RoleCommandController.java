package io.atrium.command.role.web;

import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.command.role.RoleCommands.ChangeRole;
import io.atrium.command.role.RoleCommands.DefineRole;
import io.atrium.command.role.RoleCommands.DeleteRole;
import io.atrium.command.role.RoleTable;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Defines, changes and deletes a tenant's custom roles (needs {@code manage-roles}: owners and
 * admins). The built-in roles are predefined and read-only. A role is addressed by its name.
 */
@RestController
@RequestMapping("/api/v1/roles")
@Tag(name = "Roles")
public class RoleCommandController {

    private final CommandDispatcher dispatcher;
    private final RoleTable roles;

    public RoleCommandController(CommandDispatcher dispatcher, RoleTable roles) {
        this.dispatcher = dispatcher;
        this.roles = roles;
    }

    /** A new custom role. */
    public record DefineRoleRequest(
            @Schema(example = "release-manager") String name,

            @Schema(example = "Releases and rolls back, reads the catalogue") @Nullable
            String description,

            @Schema(example = "[\"operate\", \"read\"]") List<String> permissions) {}

    /** A custom role's new description and permissions (replacing the old ones). */
    public record ChangeRoleRequest(
            @Schema(example = "Releases, rolls back and reviews") @Nullable
            String description,

            @Schema(example = "[\"operate\", \"review\", \"read\"]")
            List<String> permissions) {}

    @PostMapping
    @Operation(
            summary = "Define a custom role",
            description = "{name, description, permissions}. The name (2-40 of a-z, 0-9, '-') is unique in the tenant "
                    + "and no built-in role's. Permissions are wire names (GET /api/v1/roles lists them with the "
                    + "built-in roles); manage-tenants is never grantable, and nobody grants a permission they do "
                    + "not hold (403 naming it): a role granting manage-owner-keys needs an owner.")
    public Mono<ResponseEntity<CommandAnswer>> define(
            @RequestBody DefineRoleRequest body, Caller caller, ServerWebExchange exchange) {
        RoleName name = RoleName.parse(body.name());
        Set<Permission> permissions = permissions(body.permissions());
        return dispatcher
                .dispatch(
                        new DefineRole(
                                RoleId.generate(),
                                caller.tenant(),
                                caller.actor(),
                                name,
                                body.description() == null ? "" : body.description(),
                                permissions,
                                caller.permissions()),
                        RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(a, "/api/v1/roles/" + name.value()));
    }

    @PutMapping("/{name}")
    @Operation(
            summary = "Change a custom role",
            description = "{description, permissions}: replaces both. Holders get the new permissions from their next "
                    + "request. The caller must hold every permission the role grants, before and after.")
    public Mono<ResponseEntity<CommandAnswer>> change(
            @PathVariable String name, @RequestBody ChangeRoleRequest body, Caller caller, ServerWebExchange exchange) {
        Set<Permission> permissions = permissions(body.permissions());
        RequestContext context = RequestContexts.of(exchange, caller, body);
        return dispatcher
                .onCommandThread(() -> dispatcher.execute(
                        new ChangeRole(
                                idOf(caller, name),
                                caller.tenant(),
                                caller.actor(),
                                body.description() == null ? "" : body.description(),
                                permissions,
                                caller.permissions()),
                        context))
                .map(a -> RequestContexts.accepted(a, null));
    }

    @DeleteMapping("/{name}")
    @Operation(
            summary = "Delete a custom role",
            description = "Refused while an API key that is not revoked holds the role (409 role-in-use): revoke those "
                    + "keys first. The caller must hold every permission the role grants.")
    public Mono<ResponseEntity<CommandAnswer>> delete(
            @PathVariable String name, Caller caller, ServerWebExchange exchange) {
        RequestContext context = RequestContexts.of(exchange, caller, Map.of());
        return dispatcher
                .onCommandThread(() -> dispatcher.execute(
                        new DeleteRole(idOf(caller, name), caller.tenant(), caller.actor(), caller.permissions()),
                        context))
                .map(a -> RequestContexts.accepted(a, null));
    }

    /** The stream of the caller's tenant's role of this name. Blocks: runs on a command thread. */
    private RoleId idOf(Caller caller, String name) {
        if (RoleName.isBuiltIn(name)) {
            throw new InvariantViolation(Invariant.BUILT_IN_ROLE, "'" + name + "' is built in");
        }
        return roles.find(caller.tenant(), name)
                .map(RoleTable.Row::id)
                .orElseThrow(() -> new UnknownResourceException("role", name));
    }

    private static Set<Permission> permissions(@Nullable List<String> names) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        if (names != null) {
            for (int i = 0; i < names.size(); i++) {
                try {
                    permissions.add(Permission.of(names.get(i)));
                } catch (InvalidValueException e) {
                    throw new InvalidValueException("permissions[" + i + "]", e.reason());
                }
            }
        }
        return permissions;
    }
}
