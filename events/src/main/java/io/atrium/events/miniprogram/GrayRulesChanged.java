package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import io.atrium.events.gray.GrayRuleSet;
import java.util.Objects;

/** The active gray release's rules were replaced by {@code rules}. */
@EventType(name = "atrium.miniprogram.GrayRulesChanged", legacyNames = "io.atrium.events.miniprogram.GrayRulesChanged")
public record GrayRulesChanged(
        MiniProgramId miniProgramId, GrayReleaseId grayReleaseId, VersionNumber version, GrayRuleSet rules)
        implements MiniProgramEvent {

    public GrayRulesChanged {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(grayReleaseId, "grayReleaseId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(rules, "rules");
    }
}
