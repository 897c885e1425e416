package io.atrium.events.miniprogram;

import java.util.Objects;

/** The catalogue details changed; {@code details} holds all of them as they are now. */
public record MiniProgramDetailsUpdated(MiniProgramId miniProgramId, MiniProgramDetails details) implements MiniProgramEvent {

    public MiniProgramDetailsUpdated {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(details, "details");
    }
}
