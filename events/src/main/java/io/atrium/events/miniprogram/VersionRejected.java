package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/** A reviewer refused a version, saying why. */
@EventType(name = "atrium.miniprogram.VersionRejected", legacyNames = "io.atrium.events.miniprogram.VersionRejected")
public record VersionRejected(MiniProgramId miniProgramId, VersionNumber version, String reason, ActorId rejectedBy)
        implements MiniProgramEvent {

    public VersionRejected {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rejectedBy, "rejectedBy");
    }
}
