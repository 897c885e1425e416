package io.atrium.events.miniprogram;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;

/** A developer created a mini-program; {@code developer} owns it from now on. */
@EventType(
        name = "atrium.miniprogram.MiniProgramCreated",
        legacyNames = "io.atrium.events.miniprogram.MiniProgramCreated")
public record MiniProgramCreated(
        MiniProgramId miniProgramId, TenantId tenantId, MiniProgramDetails details, ActorId developer)
        implements MiniProgramEvent {

    public MiniProgramCreated {
        Objects.requireNonNull(miniProgramId, "miniProgramId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(developer, "developer");
    }
}
