package io.atrium.command.tenant;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.tenant.TenantEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of the Tenant aggregate. {@code subject} is the tenant the command is about;
 * {@code tenant} is the caller's (the platform's), as on every command. Each addresses the stream
 * {@code tenant-<subject>}.
 */
public final class TenantCommands {

    private TenantCommands() {}

    /** A command about one tenant, addressed to its stream. */
    public interface TenantCommand extends AtriumCommand {
        TenantId subject();
    }

    public record CreateTenant(TenantId subject, TenantId tenant, ActorId actor, String name) implements TenantCommand {
        @Override
        @TargetAggregateIdentifier
        public String targetId() {
            return TenantEvent.streamId(subject);
        }
    }

    public record SuspendTenant(TenantId subject, TenantId tenant, ActorId actor, String reason)
            implements TenantCommand {
        @Override
        @TargetAggregateIdentifier
        public String targetId() {
            return TenantEvent.streamId(subject);
        }
    }

    public record ResumeTenant(TenantId subject, TenantId tenant, ActorId actor) implements TenantCommand {
        @Override
        @TargetAggregateIdentifier
        public String targetId() {
            return TenantEvent.streamId(subject);
        }
    }

    public record DeleteTenant(TenantId subject, TenantId tenant, ActorId actor, String reason)
            implements TenantCommand {
        @Override
        @TargetAggregateIdentifier
        public String targetId() {
            return TenantEvent.streamId(subject);
        }
    }
}
