package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;

/** The full release went back from {@code fromVersion} to an earlier released {@code toVersion}. */
@EventType(
        name = "atrium.miniprogram.ReleaseRolledBack",
        legacyNames = "io.atrium.events.miniprogram.ReleaseRolledBack")
public record ReleaseRolledBack(
        MiniProgramId miniProgramId, VersionNumber fromVersion, VersionNumber toVersion, String reason)
        implements MiniProgramEvent {

    public ReleaseRolledBack {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(fromVersion, "fromVersion");
        Objects.requireNonNull(toVersion, "toVersion");
        reason = reason == null ? "" : reason;
    }
}
