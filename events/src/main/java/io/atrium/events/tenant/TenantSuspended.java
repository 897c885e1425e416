package io.atrium.events.tenant;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;

/** The tenant's credentials are refused and its host apps get no manifests until it is resumed. */
@EventType(name = "atrium.tenant.TenantSuspended", revision = 1)
public record TenantSuspended(TenantId tenantId, String reason, ActorId suspendedBy) implements TenantEvent {

    public TenantSuspended {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(suspendedBy, "suspendedBy");
    }
}
