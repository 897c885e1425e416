package io.atrium.events.tenant;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;

/** A suspended tenant is active again: its credentials and host apps work as before. */
@EventType(name = "atrium.tenant.TenantResumed", revision = 1)
public record TenantResumed(TenantId tenantId, ActorId resumedBy) implements TenantEvent {

    public TenantResumed {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(resumedBy, "resumedBy");
    }
}
