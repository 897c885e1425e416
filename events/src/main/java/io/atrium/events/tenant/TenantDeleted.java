package io.atrium.events.tenant;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.Objects;

/**
 * The tenant is gone for good: its credentials and host apps stop working and it cannot be resumed.
 * Its events and read-model rows are kept, for audit; its id is never given to another tenant.
 */
@EventType(name = "atrium.tenant.TenantDeleted", revision = 1)
public record TenantDeleted(TenantId tenantId, String reason, ActorId deletedBy) implements TenantEvent {

    public TenantDeleted {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(deletedBy, "deletedBy");
    }
}
