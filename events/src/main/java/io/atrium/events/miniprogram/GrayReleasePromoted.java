package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;

/** The gray release ended by becoming the full release (a {@link VersionReleased} follows). */
@EventType(
        name = "atrium.miniprogram.GrayReleasePromoted",
        legacyNames = "io.atrium.events.miniprogram.GrayReleasePromoted")
public record GrayReleasePromoted(MiniProgramId miniProgramId, GrayReleaseId grayReleaseId, VersionNumber version)
        implements MiniProgramEvent {

    public GrayReleasePromoted {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(grayReleaseId, "grayReleaseId");
        Objects.requireNonNull(version, "version");
    }
}
