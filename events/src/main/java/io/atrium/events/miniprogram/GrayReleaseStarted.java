package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import io.atrium.events.gray.GrayRuleSet;
import java.util.Objects;

/** A version is served to the users the rules select; everyone else keeps the full release. */
@EventType(
        name = "atrium.miniprogram.GrayReleaseStarted",
        legacyNames = "io.atrium.events.miniprogram.GrayReleaseStarted")
public record GrayReleaseStarted(
        MiniProgramId miniProgramId, GrayReleaseId grayReleaseId, VersionNumber version, GrayRuleSet rules)
        implements MiniProgramEvent {

    public GrayReleaseStarted {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(grayReleaseId, "grayReleaseId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(rules, "rules");
    }
}
