package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;

/**
 * The mini-program was taken down: no host may launch it and nothing may be released.
 *
 * @param developerFrozen whether its developer may no longer change it (upload, submit, edit) until relisting
 */
@EventType(
        name = "atrium.miniprogram.MiniProgramDelisted",
        legacyNames = "io.atrium.events.miniprogram.MiniProgramDelisted")
public record MiniProgramDelisted(MiniProgramId miniProgramId, String reason, boolean developerFrozen)
        implements MiniProgramEvent {

    public MiniProgramDelisted {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(reason, "reason");
    }
}
