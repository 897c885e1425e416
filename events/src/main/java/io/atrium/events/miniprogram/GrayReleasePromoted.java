package io.atrium.events.miniprogram;

import java.util.Objects;

/** The gray release ended by becoming the full release (a {@link VersionReleased} follows). */
public record GrayReleasePromoted(MiniProgramId miniProgramId, GrayReleaseId grayReleaseId, VersionNumber version)
        implements MiniProgramEvent {

    public GrayReleasePromoted {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(grayReleaseId, "grayReleaseId");
        Objects.requireNonNull(version, "version");
    }
}
