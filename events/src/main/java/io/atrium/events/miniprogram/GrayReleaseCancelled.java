package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;

/** The gray release ended without promotion; its users go back to the full release. */
@EventType(
        name = "atrium.miniprogram.GrayReleaseCancelled",
        legacyNames = "io.atrium.events.miniprogram.GrayReleaseCancelled")
public record GrayReleaseCancelled(
        MiniProgramId miniProgramId, GrayReleaseId grayReleaseId, VersionNumber version, String reason)
        implements MiniProgramEvent {

    public GrayReleaseCancelled {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(grayReleaseId, "grayReleaseId");
        Objects.requireNonNull(version, "version");
        reason = reason == null ? "" : reason;
    }
}
