package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/** A reviewer (not the uploader) approved a version, and the platform sealed its package. */
@EventType(name = "atrium.miniprogram.VersionApproved", legacyNames = "io.atrium.events.miniprogram.VersionApproved")
public record VersionApproved(
        MiniProgramId miniProgramId, VersionNumber version, ActorId approvedBy, SealedPackage sealedPackage)
        implements MiniProgramEvent {

    public VersionApproved {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(approvedBy, "approvedBy");
        Objects.requireNonNull(sealedPackage, "sealedPackage");
    }
}
