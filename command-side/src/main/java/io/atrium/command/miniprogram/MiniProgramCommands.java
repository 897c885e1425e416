package io.atrium.command.miniprogram;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.VersionNumber;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the MiniProgram aggregate. */
public final class MiniProgramCommands {

    private MiniProgramCommands() {}

    /** Common shape: the mini-program addressed. */
    public interface MiniProgramCommand extends AtriumCommand {
        MiniProgramId miniProgramId();

        @Override
        default String targetId() {
            return miniProgramId().value();
        }
    }

    public record CreateMiniProgram(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            MiniProgramDetails details)
            implements MiniProgramCommand {}

    /** A partial update: null fields keep their current value. */
    public record UpdateMiniProgramDetails(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            String name,
            String description,
            String category,
            List<String> tags)
            implements MiniProgramCommand {}

    /** The image is already in the package store under {@code icon.digest()}; see {@code IconUploads}. */
    public record SetMiniProgramIcon(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            MiniProgramIcon icon)
            implements MiniProgramCommand {}

    public record RemoveMiniProgramIcon(
            @TargetAggregateIdentifier MiniProgramId miniProgramId, TenantId tenant, ActorId actor)
            implements MiniProgramCommand {}

    public record UploadVersion(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version,
            String notes,
            String packageDigest,
            long packageSize,
            List<PackageFile> files)
            implements MiniProgramCommand {}

    public record SubmitForReview(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version)
            implements MiniProgramCommand {}

    public record ApproveVersion(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version)
            implements MiniProgramCommand {}

    public record RejectVersion(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version,
            String reason)
            implements MiniProgramCommand {}

    public record ReleaseVersion(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version)
            implements MiniProgramCommand {}

    public record StartGrayRelease(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version,
            GrayRuleSet rules)
            implements MiniProgramCommand {}

    public record ChangeGrayRules(
            @TargetAggregateIdentifier MiniProgramId miniProgramId, TenantId tenant, ActorId actor, GrayRuleSet rules)
            implements MiniProgramCommand {}

    public record PromoteGrayRelease(
            @TargetAggregateIdentifier MiniProgramId miniProgramId, TenantId tenant, ActorId actor)
            implements MiniProgramCommand {}

    public record CancelGrayRelease(
            @TargetAggregateIdentifier MiniProgramId miniProgramId, TenantId tenant, ActorId actor, String reason)
            implements MiniProgramCommand {}

    public record RollBackRelease(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            VersionNumber version,
            String reason)
            implements MiniProgramCommand {}

    public record DelistMiniProgram(
            @TargetAggregateIdentifier MiniProgramId miniProgramId,
            TenantId tenant,
            ActorId actor,
            String reason,
            boolean freezeDeveloper)
            implements MiniProgramCommand {}

    public record RelistMiniProgram(
            @TargetAggregateIdentifier MiniProgramId miniProgramId, TenantId tenant, ActorId actor)
            implements MiniProgramCommand {}
}
