package io.atrium.command.role;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.role.RoleId;
import io.atrium.events.role.RoleName;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of the TenantRole aggregate. Each carries the permissions of whoever asks: nobody
 * hands out, takes away or removes more than they hold themselves.
 */
public final class RoleCommands {

    private RoleCommands() {}

    public record DefineRole(
            @TargetAggregateIdentifier RoleId roleId,
            TenantId tenant,
            ActorId actor,
            RoleName name,
            String description,
            Set<Permission> permissions,
            Set<Permission> definerPermissions)
            implements AtriumCommand {
        @Override
        public String targetId() {
            return roleId.value();
        }
    }

    public record ChangeRole(
            @TargetAggregateIdentifier RoleId roleId,
            TenantId tenant,
            ActorId actor,
            String description,
            Set<Permission> permissions,
            Set<Permission> changerPermissions)
            implements AtriumCommand {
        @Override
        public String targetId() {
            return roleId.value();
        }
    }

    public record DeleteRole(
            @TargetAggregateIdentifier RoleId roleId,
            TenantId tenant,
            ActorId actor,
            Set<Permission> deleterPermissions)
            implements AtriumCommand {
        @Override
        public String targetId() {
            return roleId.value();
        }
    }
}
