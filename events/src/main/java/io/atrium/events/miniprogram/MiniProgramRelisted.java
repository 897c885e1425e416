package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;

/** The mini-program was restored after a delisting; a developer freeze ends with it. */
@EventType(
        name = "atrium.miniprogram.MiniProgramRelisted",
        legacyNames = "io.atrium.events.miniprogram.MiniProgramRelisted")
public record MiniProgramRelisted(MiniProgramId miniProgramId) implements MiniProgramEvent {

    public MiniProgramRelisted {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
    }
}
