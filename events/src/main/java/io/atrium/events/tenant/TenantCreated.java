package io.atrium.events.tenant;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;

/** A platform operator created a tenant; it is active from now on. */
@EventType(name = "atrium.tenant.TenantCreated", revision = 1)
public record TenantCreated(TenantId tenantId, String name, ActorId createdBy) implements TenantEvent {

    public TenantCreated {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
