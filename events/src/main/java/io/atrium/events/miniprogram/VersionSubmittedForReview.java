package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/** The developer asked reviewers to look at a version. */
@EventType(
        name = "atrium.miniprogram.VersionSubmittedForReview",
        legacyNames = "io.atrium.events.miniprogram.VersionSubmittedForReview")
public record VersionSubmittedForReview(MiniProgramId miniProgramId, VersionNumber version, ActorId submittedBy)
        implements MiniProgramEvent {

    public VersionSubmittedForReview {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(submittedBy, "submittedBy");
    }
}
