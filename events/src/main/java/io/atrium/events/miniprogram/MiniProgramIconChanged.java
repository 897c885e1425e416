package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/** The mini-program's icon is now {@code icon} (it had none, or another). */
@EventType(name = "atrium.miniprogram.MiniProgramIconChanged")
public record MiniProgramIconChanged(MiniProgramId miniProgramId, MiniProgramIcon icon, ActorId changedBy)
        implements MiniProgramEvent {

    public MiniProgramIconChanged {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(icon, "icon");
        Objects.requireNonNull(changedBy, "changedBy");
    }
}
