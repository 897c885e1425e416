package io.atrium.command.miniprogram;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.miniprogram.MiniProgramCommands.ApproveVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.CancelGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.ChangeGrayRules;
import io.atrium.command.miniprogram.MiniProgramCommands.CreateMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.DelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.MiniProgramCommand;
import io.atrium.command.miniprogram.MiniProgramCommands.PromoteGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.RejectVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.ReleaseVersion;
import io.atrium.command.miniprogram.MiniProgramCommands.RelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.RemoveMiniProgramIcon;
import io.atrium.command.miniprogram.MiniProgramCommands.RollBackRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.SetMiniProgramIcon;
import io.atrium.command.miniprogram.MiniProgramCommands.StartGrayRelease;
import io.atrium.command.miniprogram.MiniProgramCommands.SubmitForReview;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.command.miniprogram.MiniProgramCommands.UploadVersion;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.GrayReleaseCancelled;
import io.atrium.events.miniprogram.GrayReleaseId;
import io.atrium.events.miniprogram.GrayReleasePromoted;
import io.atrium.events.miniprogram.GrayReleaseStarted;
import io.atrium.events.miniprogram.GrayRulesChanged;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDelisted;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramIconChanged;
import io.atrium.events.miniprogram.MiniProgramIconRemoved;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.MiniProgramRelisted;
import io.atrium.events.miniprogram.ReleaseRolledBack;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.events.miniprogram.VersionRejected;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.events.miniprogram.VersionSubmittedForReview;
import io.atrium.events.miniprogram.VersionUploaded;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

/**
 * A mini-program and everything that may happen to it. Each handler checks the rules first and
 * records facts only when they hold; state changes only in the event-sourcing handlers, so a
 * mini-program rebuilt from its events is the same as the one that recorded them.
 */
@Aggregate(
        snapshotTriggerDefinition = "miniProgramSnapshotTrigger",
        cache = "aggregateCache",
        commandTargetResolver = "commandTargetResolver")
public class MiniProgram {

    static final int MAX_REASON = 500;
    static final int MAX_NOTES = 2000;

    /** What the aggregate keeps of each version: just what its rules need. */
    record VersionRecord(String state, String uploadedBy, String packageDigest) {
        VersionRecord with(String newState) {
            return new VersionRecord(newState, uploadedBy, packageDigest);
        }
    }

    /** The active gray release. */
    record GrayState(String grayReleaseId, String version) {}

    static final String UPLOADED = "UPLOADED";
    static final String IN_REVIEW = "IN_REVIEW";
    static final String APPROVED = "APPROVED";
    static final String REJECTED = "REJECTED";

    // Axon builds the aggregate empty; the creation event's handler sets the NullAway.Init fields before anything reads
    // them.
    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private MiniProgramId miniProgramId;

    @SuppressWarnings("NullAway.Init")
    private TenantId tenant;

    @SuppressWarnings("NullAway.Init")
    private MiniProgramDetails details;

    /** The icon's blob; null: none. Only its presence matters to the rules (removing needs one). */
    private @Nullable String iconDigest;

    private boolean delisted;
    private boolean developerFrozen;
    private Map<String, VersionRecord> versions = new LinkedHashMap<>();
    private Set<String> everReleased = new LinkedHashSet<>();
    private @Nullable String currentRelease;
    private @Nullable GrayState gray;

    protected MiniProgram() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public MiniProgram(CreateMiniProgram command) {
        apply(new MiniProgramCreated(command.miniProgramId(), command.tenant(), command.details(), command.actor()));
    }

    @CommandHandler
    void handle(UpdateMiniProgramDetails command) {
        checkTenant(command);
        requireNotFrozen();
        MiniProgramDetails updated = MiniProgramDetails.of(
                command.name() != null ? command.name() : details.name(),
                command.description() != null ? command.description() : details.description(),
                command.category() != null ? command.category() : details.category(),
                command.tags() != null ? command.tags() : details.tags());
        apply(new MiniProgramDetailsUpdated(miniProgramId, updated));
    }

    /** Setting the icon it already has is recorded too: the log shows every time someone set it. */
    @CommandHandler
    void handle(SetMiniProgramIcon command) {
        checkTenant(command);
        requireNotFrozen();
        apply(new MiniProgramIconChanged(miniProgramId, command.icon(), command.actor()));
    }

    @CommandHandler
    void handle(RemoveMiniProgramIcon command) {
        checkTenant(command);
        requireNotFrozen();
        if (iconDigest == null) {
            throw new InvariantViolation(Invariant.NO_ICON, miniProgramId.value());
        }
        apply(new MiniProgramIconRemoved(miniProgramId, command.actor()));
    }

    @CommandHandler
    void handle(UploadVersion command) {
        checkTenant(command);
        requireNotFrozen();
        if (versions.containsKey(command.version().value())) {
            throw new InvariantViolation(
                    Invariant.VERSION_EXISTS, command.version().value());
        }
        apply(new VersionUploaded(
                miniProgramId,
                command.version(),
                limit(command.notes(), MAX_NOTES),
                command.packageDigest(),
                command.packageSize(),
                command.files(),
                command.actor()));
    }

    @CommandHandler
    void handle(SubmitForReview command) {
        checkTenant(command);
        requireNotFrozen();
        VersionRecord version = version(command.version());
        if (!version.state().equals(UPLOADED)) {
            throw new InvariantViolation(Invariant.NOT_UPLOADED, command.version() + " is " + version.state());
        }
        apply(new VersionSubmittedForReview(miniProgramId, command.version(), command.actor()));
    }

    @CommandHandler
    void handle(ApproveVersion command, PackageSealing sealing) {
        checkTenant(command);
        VersionRecord version = version(command.version());
        if (!version.state().equals(IN_REVIEW)) {
            throw new InvariantViolation(Invariant.NOT_IN_REVIEW, command.version() + " is " + version.state());
        }
        if (version.uploadedBy().equals(command.actor().value())) {
            throw new InvariantViolation(Invariant.FOUR_EYES, command.actor() + " uploaded " + command.version());
        }
        SealedPackage sealed = sealing.seal(miniProgramId, command.version(), version.packageDigest());
        apply(new VersionApproved(miniProgramId, command.version(), command.actor(), sealed));
    }

    @CommandHandler
    void handle(RejectVersion command) {
        checkTenant(command);
        VersionRecord version = version(command.version());
        if (!version.state().equals(IN_REVIEW)) {
            throw new InvariantViolation(Invariant.NOT_IN_REVIEW, command.version() + " is " + version.state());
        }
        apply(new VersionRejected(miniProgramId, command.version(), requireReason(command.reason()), command.actor()));
    }

    @CommandHandler
    void handle(ReleaseVersion command) {
        checkTenant(command);
        requireReleasable(command.version());
        apply(new VersionReleased(miniProgramId, command.version(), current(), null));
    }

    @CommandHandler
    void handle(StartGrayRelease command) {
        checkTenant(command);
        requireReleasable(command.version());
        apply(new GrayReleaseStarted(miniProgramId, GrayReleaseId.generate(), command.version(), command.rules()));
    }

    @CommandHandler
    void handle(ChangeGrayRules command) {
        checkTenant(command);
        GrayState active = requireGray();
        apply(new GrayRulesChanged(
                miniProgramId,
                new GrayReleaseId(active.grayReleaseId()),
                VersionNumber.of(active.version()),
                command.rules()));
    }

    @CommandHandler
    void handle(PromoteGrayRelease command) {
        checkTenant(command);
        requireListed();
        GrayState active = requireGray();
        GrayReleaseId id = new GrayReleaseId(active.grayReleaseId());
        VersionNumber version = VersionNumber.of(active.version());
        apply(new GrayReleasePromoted(miniProgramId, id, version));
        apply(new VersionReleased(miniProgramId, version, current(), id));
    }

    @CommandHandler
    void handle(CancelGrayRelease command) {
        checkTenant(command);
        GrayState active = requireGray();
        apply(new GrayReleaseCancelled(
                miniProgramId,
                new GrayReleaseId(active.grayReleaseId()),
                VersionNumber.of(active.version()),
                limit(command.reason(), MAX_REASON)));
    }

    @CommandHandler
    void handle(RollBackRelease command) {
        checkTenant(command);
        requireListed();
        String releasedNow = currentRelease;
        if (releasedNow == null) {
            throw new InvariantViolation(Invariant.NOTHING_RELEASED);
        }
        version(command.version());
        if (command.version().value().equals(releasedNow)) {
            throw new InvariantViolation(Invariant.ALREADY_RELEASED, releasedNow);
        }
        if (!everReleased.contains(command.version().value())) {
            throw new InvariantViolation(
                    Invariant.NEVER_RELEASED, command.version().value());
        }
        if (gray != null) {
            // A rollback is an emergency: the gray release built on the old full release ends with it.
            apply(new GrayReleaseCancelled(
                    miniProgramId,
                    new GrayReleaseId(gray.grayReleaseId()),
                    VersionNumber.of(gray.version()),
                    "rolled back to " + command.version()));
        }
        apply(new ReleaseRolledBack(
                miniProgramId, VersionNumber.of(releasedNow), command.version(), limit(command.reason(), MAX_REASON)));
    }

    @CommandHandler
    void handle(DelistMiniProgram command) {
        checkTenant(command);
        if (delisted) {
            throw new InvariantViolation(Invariant.ALREADY_DELISTED);
        }
        apply(new MiniProgramDelisted(miniProgramId, requireReason(command.reason()), command.freezeDeveloper()));
    }

    @CommandHandler
    void handle(RelistMiniProgram command) {
        checkTenant(command);
        if (!delisted) {
            throw new InvariantViolation(Invariant.NOT_DELISTED);
        }
        apply(new MiniProgramRelisted(miniProgramId));
    }

    /** For handlers of other aggregates that must know the mini-program exists in their tenant. */
    public TenantId tenant() {
        return tenant;
    }

    // ---- rules ----

    private void checkTenant(MiniProgramCommand command) {
        if (!tenant.equals(command.tenant())) {
            throw new UnknownResourceException("mini-program", miniProgramId.value());
        }
    }

    private VersionRecord version(VersionNumber number) {
        VersionRecord version = versions.get(number.value());
        if (version == null) {
            throw new InvariantViolation(Invariant.UNKNOWN_VERSION, number.value());
        }
        return version;
    }

    /** What a full or a gray release of {@code number} needs: listed, approved, not current, no gray release running. */
    private void requireReleasable(VersionNumber number) {
        requireListed();
        VersionRecord version = version(number);
        if (!version.state().equals(APPROVED)) {
            throw new InvariantViolation(Invariant.NOT_APPROVED, number + " is " + version.state());
        }
        if (gray != null) {
            throw new InvariantViolation(Invariant.GRAY_RELEASE_ACTIVE, gray.version() + " is in gray release");
        }
        if (number.value().equals(currentRelease)) {
            throw new InvariantViolation(
                    Invariant.ALREADY_RELEASED, currentRelease + " is already what every user gets");
        }
    }

    private void requireListed() {
        if (delisted) {
            throw new InvariantViolation(Invariant.DELISTED);
        }
    }

    private void requireNotFrozen() {
        if (developerFrozen) {
            throw new InvariantViolation(Invariant.DEVELOPER_FROZEN);
        }
    }

    private GrayState requireGray() {
        if (gray == null) {
            throw new InvariantViolation(Invariant.NO_GRAY_RELEASE);
        }
        return gray;
    }

    private @Nullable VersionNumber current() {
        return currentRelease == null ? null : VersionNumber.of(currentRelease);
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new io.atrium.events.InvalidValueException("reason", "a reason is required");
        }
        return limit(reason.strip(), MAX_REASON);
    }

    private static String limit(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() > max) {
            throw new io.atrium.events.InvalidValueException(
                    max == MAX_NOTES ? "notes" : "reason", "longer than " + max + " characters");
        }
        return text;
    }

    // ---- state ----

    @EventSourcingHandler
    void on(MiniProgramCreated event) {
        miniProgramId = event.miniProgramId();
        tenant = event.tenantId();
        details = event.details();
    }

    @EventSourcingHandler
    void on(MiniProgramDetailsUpdated event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(MiniProgramIconChanged event) {
        iconDigest = event.icon().digest();
    }

    @EventSourcingHandler
    void on(MiniProgramIconRemoved event) {
        iconDigest = null;
    }

    @EventSourcingHandler
    void on(VersionUploaded event) {
        versions.put(
                event.version().value(),
                new VersionRecord(UPLOADED, event.uploadedBy().value(), event.packageDigest()));
    }

    @EventSourcingHandler
    void on(VersionSubmittedForReview event) {
        versions.computeIfPresent(event.version().value(), (k, v) -> v.with(IN_REVIEW));
    }

    @EventSourcingHandler
    void on(VersionApproved event) {
        versions.computeIfPresent(event.version().value(), (k, v) -> v.with(APPROVED));
    }

    @EventSourcingHandler
    void on(VersionRejected event) {
        versions.computeIfPresent(event.version().value(), (k, v) -> v.with(REJECTED));
    }

    @EventSourcingHandler
    void on(VersionReleased event) {
        currentRelease = event.version().value();
        everReleased.add(currentRelease);
    }

    @EventSourcingHandler
    void on(GrayReleaseStarted event) {
        gray = new GrayState(event.grayReleaseId().value(), event.version().value());
    }

    @EventSourcingHandler
    void on(GrayReleasePromoted event) {
        gray = null;
    }

    @EventSourcingHandler
    void on(GrayReleaseCancelled event) {
        gray = null;
    }

    @EventSourcingHandler
    void on(ReleaseRolledBack event) {
        currentRelease = event.toVersion().value();
    }

    @EventSourcingHandler
    void on(MiniProgramDelisted event) {
        delisted = true;
        developerFrozen = event.developerFrozen();
    }

    @EventSourcingHandler
    void on(MiniProgramRelisted event) {
        delisted = false;
        developerFrozen = false;
    }
}
