package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import io.atrium.events.miniprogram.MiniProgramId;
import java.util.Objects;

/** The host app may no longer run this mini-program; its grants went with it. */
@EventType(
        name = "atrium.hostapp.MiniProgramDissociated",
        legacyNames = "io.atrium.events.hostapp.MiniProgramDissociated")
public record MiniProgramDissociated(HostAppId hostAppId, MiniProgramId miniProgramId) implements HostAppEvent {

    public MiniProgramDissociated {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(miniProgramId, "miniProgramId");
    }
}
