package io.atrium.events.miniprogram;

import java.util.Objects;

/** The mini-program was restored after a delisting; a developer freeze ends with it. */
public record MiniProgramRelisted(MiniProgramId miniProgramId) implements MiniProgramEvent {

    public MiniProgramRelisted {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
    }
}
