package io.atrium.command.hostapp;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.hostapp.AllowedDomain;
import io.atrium.events.hostapp.BuiltinApiGroup;
import io.atrium.events.hostapp.BundleId;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.miniprogram.MiniProgramId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the HostApp aggregate. */
public final class HostAppCommands {

    private HostAppCommands() {}

    /** Common shape: the host app addressed. */
    public interface HostAppCommand extends AtriumCommand {
        HostAppId hostAppId();

        @Override
        default String targetId() {
            return hostAppId().value();
        }
    }

    public record RegisterHostApp(
            @TargetAggregateIdentifier HostAppId hostAppId,
            TenantId tenant,
            ActorId actor,
            String name,
            List<BundleId> bundleIds)
            implements HostAppCommand {}

    /**
     * Moves the host app to the next secret generation. The current secret keeps working for
     * {@code grace} from {@code requestedAt}; any older one (still in an earlier grace) stops at once.
     *
     * @param requestedAt when the rotation was asked for: the grace period runs from here
     */
    public record RotateHostAppSecret(
            @TargetAggregateIdentifier HostAppId hostAppId,
            TenantId tenant,
            ActorId actor,
            SecretGrace grace,
            Instant requestedAt)
            implements HostAppCommand {}

    public record BindBundleIds(
            @TargetAggregateIdentifier HostAppId hostAppId, TenantId tenant, ActorId actor, List<BundleId> bundleIds)
            implements HostAppCommand {}

    public record SetDomainAllowlist(
            @TargetAggregateIdentifier HostAppId hostAppId, TenantId tenant, ActorId actor, List<AllowedDomain> domains)
            implements HostAppCommand {}

    /** Handled outside the aggregate: the mini-program must exist in the same tenant. */
    public record AssociateMiniProgram(HostAppId hostAppId, TenantId tenant, ActorId actor, MiniProgramId miniProgramId)
            implements HostAppCommand {}

    public record DissociateMiniProgram(
            @TargetAggregateIdentifier HostAppId hostAppId, TenantId tenant, ActorId actor, MiniProgramId miniProgramId)
            implements HostAppCommand {}

    public record DefineCustomApi(
            @TargetAggregateIdentifier HostAppId hostAppId,
            TenantId tenant,
            ActorId actor,
            String name,
            String description)
            implements HostAppCommand {}

    public record DefineMenuItem(
            @TargetAggregateIdentifier HostAppId hostAppId, TenantId tenant, ActorId actor, String name, String title)
            implements HostAppCommand {}

    public record SetGrants(
            @TargetAggregateIdentifier HostAppId hostAppId,
            TenantId tenant,
            ActorId actor,
            MiniProgramId miniProgramId,
            List<BuiltinApiGroup> apiGroups,
            List<String> apis,
            List<String> menus,
            List<String> scopes)
            implements HostAppCommand {}
}
