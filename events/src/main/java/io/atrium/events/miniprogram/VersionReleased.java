package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A version became the full release every user gets.
 *
 * @param previousVersion the full release it replaced, or null for the first release
 * @param grayReleaseId   the gray release it was promoted from, or null for a direct release
 */
@EventType(name = "atrium.miniprogram.VersionReleased", legacyNames = "io.atrium.events.miniprogram.VersionReleased")
public record VersionReleased(
        MiniProgramId miniProgramId,
        VersionNumber version,
        @Nullable VersionNumber previousVersion,
        @Nullable GrayReleaseId grayReleaseId)
        implements MiniProgramEvent {

    public VersionReleased {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(version, "version");
    }
}
