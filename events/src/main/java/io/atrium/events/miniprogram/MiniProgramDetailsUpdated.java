package io.atrium.events.miniprogram;

import io.atrium.events.EventType;
import java.util.Objects;

/** The catalogue details changed; {@code details} holds all of them as they are now. */
@EventType(
        name = "atrium.miniprogram.MiniProgramDetailsUpdated",
        legacyNames = "io.atrium.events.miniprogram.MiniProgramDetailsUpdated")
public record MiniProgramDetailsUpdated(MiniProgramId miniProgramId, MiniProgramDetails details)
        implements MiniProgramEvent {

    public MiniProgramDetailsUpdated {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(details, "details");
    }
}
