package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/** The mini-program has no icon any more; hosts show their placeholder. */
@EventType(name = "atrium.miniprogram.MiniProgramIconRemoved")
public record MiniProgramIconRemoved(MiniProgramId miniProgramId, ActorId removedBy) implements MiniProgramEvent {

    public MiniProgramIconRemoved {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(removedBy, "removedBy");
    }
}
