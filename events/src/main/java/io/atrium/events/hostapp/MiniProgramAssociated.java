package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import io.atrium.events.miniprogram.MiniProgramId;
import java.util.Objects;

/** The host app may run this mini-program. */
@EventType(
        name = "atrium.hostapp.MiniProgramAssociated",
        legacyNames = "io.atrium.events.hostapp.MiniProgramAssociated")
public record MiniProgramAssociated(HostAppId hostAppId, MiniProgramId miniProgramId) implements HostAppEvent {

    public MiniProgramAssociated {
        Objects.requireNonNull(hostAppId, "hostAppId");
        Objects.requireNonNull(miniProgramId, "miniProgramId");
    }
}
