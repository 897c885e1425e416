package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.gray.GrayRuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a mini-program looks like after a sequence of its events: the one definition of how the
 * facts fold into a state, used by the catalogue projection and by time travel alike, so "as it is"
 * and "as it was" can never disagree. Immutable; {@link #apply} returns the next view.
 *
 * @param icon             its icon, or null when it has none
 * @param delisted         whether it is taken down
 * @param developerFrozen  whether its developer is frozen
 * @param currentVersion   the full release, or null
 * @param gray             the active gray release, or null
 * @param versions         every version, in upload order
 * @param position         the event-log position of the last event applied
 */
public record MiniProgramView(
        MiniProgramId id,
        TenantId tenant,
        MiniProgramDetails details,
        @Nullable MiniProgramIcon icon,
        ActorId developer,
        boolean delisted,
        @Nullable String delistReason,
        boolean developerFrozen,
        @Nullable VersionNumber currentVersion,
        @Nullable Gray gray,
        List<Version> versions,
        Instant createdAt,
        Instant updatedAt,
        long position) {

    public MiniProgramView {
        versions = List.copyOf(versions);
    }

    /** The active gray release. */
    public record Gray(GrayReleaseId id, VersionNumber version, GrayRuleSet rules, Instant startedAt) {}

    /** One version and where it stands. */
    public record Version(
            VersionNumber version,
            VersionState state,
            @Nullable String notes,
            String packageDigest,
            long packageSize,
            List<PackageFile> files,
            ActorId uploadedBy,
            Instant uploadedAt,
            @Nullable ActorId reviewedBy,
            @Nullable String rejectionReason,
            @Nullable Instant reviewedAt,
            @Nullable SealedPackage sealedPackage,
            @Nullable Instant releasedAt) {

        public Version {
            files = List.copyOf(files);
        }

        Version withState(VersionState newState) {
            return new Version(
                    version,
                    newState,
                    notes,
                    packageDigest,
                    packageSize,
                    files,
                    uploadedBy,
                    uploadedAt,
                    reviewedBy,
                    rejectionReason,
                    reviewedAt,
                    sealedPackage,
                    releasedAt);
        }
    }

    /** The view right after creation. */
    public static MiniProgramView created(MiniProgramCreated event, Instant at, long position) {
        return new MiniProgramView(
                event.miniProgramId(),
                event.tenantId(),
                event.details(),
                null,
                event.developer(),
                false,
                null,
                false,
                null,
                null,
                List.of(),
                at,
                at,
                position);
    }

    /**
     * Folds a whole history, oldest first.
     *
     * @throws IllegalArgumentException when the history does not start with {@link MiniProgramCreated}
     */
    public static MiniProgramView fold(List<Applied> history) {
        @Nullable MiniProgramView view = null;
        for (Applied applied : history) {
            if (view == null) {
                if (!(applied.event() instanceof MiniProgramCreated created)) {
                    throw new IllegalArgumentException("a mini-program's history starts with MiniProgramCreated");
                }
                view = created(created, applied.at(), applied.position());
            } else {
                view = view.apply(applied.event(), applied.at(), applied.position());
            }
        }
        if (view == null) {
            throw new IllegalArgumentException("a mini-program's history starts with MiniProgramCreated");
        }
        return view;
    }

    /** An event with when it happened and where it stands in the log. */
    public record Applied(MiniProgramEvent event, Instant at, long position) {}

    /** The view after one more event. */
    public MiniProgramView apply(MiniProgramEvent event, Instant at, long newPosition) {
        Map<String, Version> byNumber = new LinkedHashMap<>();
        versions.forEach(v -> byNumber.put(v.version().value(), v));
        MiniProgramDetails newDetails = details;
        @Nullable MiniProgramIcon newIcon = icon;
        boolean newDelisted = delisted;
        @Nullable String newReason = delistReason;
        boolean newFrozen = developerFrozen;
        @Nullable VersionNumber newCurrent = currentVersion;
        @Nullable Gray newGray = gray;
        if (event instanceof MiniProgramCreated e) {
            throw new IllegalStateException("created twice: " + e.miniProgramId());
        } else if (event instanceof MiniProgramDetailsUpdated e) {
            newDetails = e.details();
        } else if (event instanceof MiniProgramIconChanged e) {
            newIcon = e.icon();
        } else if (event instanceof MiniProgramIconRemoved) {
            newIcon = null;
        } else if (event instanceof VersionUploaded e) {
            byNumber.put(
                    e.version().value(),
                    new Version(
                            e.version(),
                            VersionState.UPLOADED,
                            e.notes(),
                            e.packageDigest(),
                            e.packageBytes(),
                            e.files(),
                            e.uploadedBy(),
                            at,
                            null,
                            null,
                            null,
                            null,
                            null));
        } else if (event instanceof VersionSubmittedForReview e) {
            byNumber.computeIfPresent(e.version().value(), (k, v) -> v.withState(VersionState.IN_REVIEW));
        } else if (event instanceof VersionApproved e) {
            byNumber.computeIfPresent(
                    e.version().value(),
                    (k, v) -> new Version(
                            v.version(),
                            VersionState.APPROVED,
                            v.notes(),
                            v.packageDigest(),
                            v.packageSize(),
                            v.files(),
                            v.uploadedBy(),
                            v.uploadedAt(),
                            e.approvedBy(),
                            null,
                            at,
                            e.sealedPackage(),
                            v.releasedAt()));
        } else if (event instanceof VersionRejected e) {
            byNumber.computeIfPresent(
                    e.version().value(),
                    (k, v) -> new Version(
                            v.version(),
                            VersionState.REJECTED,
                            v.notes(),
                            v.packageDigest(),
                            v.packageSize(),
                            v.files(),
                            v.uploadedBy(),
                            v.uploadedAt(),
                            e.rejectedBy(),
                            e.reason(),
                            at,
                            null,
                            null));
        } else if (event instanceof VersionReleased e) {
            if (newCurrent != null) {
                byNumber.computeIfPresent(newCurrent.value(), (k, v) -> v.withState(VersionState.APPROVED));
            }
            byNumber.computeIfPresent(e.version().value(), (k, v) -> released(v, at));
            newCurrent = e.version();
        } else if (event instanceof GrayReleaseStarted e) {
            newGray = new Gray(e.grayReleaseId(), e.version(), e.rules(), at);
        } else if (event instanceof GrayRulesChanged e) {
            newGray = gray == null ? null : new Gray(gray.id(), gray.version(), e.rules(), gray.startedAt());
        } else if (event instanceof GrayReleasePromoted || event instanceof GrayReleaseCancelled) {
            newGray = null;
        } else if (event instanceof ReleaseRolledBack e) {
            byNumber.computeIfPresent(e.fromVersion().value(), (k, v) -> v.withState(VersionState.ROLLED_BACK));
            byNumber.computeIfPresent(e.toVersion().value(), (k, v) -> released(v, at));
            newCurrent = e.toVersion();
        } else if (event instanceof MiniProgramDelisted e) {
            newDelisted = true;
            newReason = e.reason();
            newFrozen = e.developerFrozen();
        } else if (event instanceof MiniProgramRelisted) {
            newDelisted = false;
            newReason = null;
            newFrozen = false;
        }
        return new MiniProgramView(
                id,
                tenant,
                newDetails,
                newIcon,
                developer,
                newDelisted,
                newReason,
                newFrozen,
                newCurrent,
                newGray,
                new ArrayList<>(byNumber.values()),
                createdAt,
                at,
                newPosition);
    }

    private static Version released(Version v, Instant at) {
        return new Version(
                v.version(),
                VersionState.RELEASED,
                v.notes(),
                v.packageDigest(),
                v.packageSize(),
                v.files(),
                v.uploadedBy(),
                v.uploadedAt(),
                v.reviewedBy(),
                v.rejectionReason(),
                v.reviewedAt(),
                v.sealedPackage(),
                at);
    }

    /** The version record of {@code number}, or null. */
    public @Nullable Version version(VersionNumber number) {
        return versions.stream()
                .filter(v -> v.version().equals(number))
                .findFirst()
                .orElse(null);
    }
}
