package io.atrium.events.tenant;

import io.atrium.events.AtriumEvent;
import io.atrium.events.TenantId;

/** The facts of a tenant's life, each in the stream {@code tenant-<id>}. */
public sealed interface TenantEvent extends AtriumEvent
        permits TenantCreated, TenantSuspended, TenantResumed, TenantDeleted {

    /** The tenant the fact is about (not the tenant of whoever recorded it, which is the platform's). */
    TenantId tenantId();

    @Override
    default String aggregateId() {
        return streamId(tenantId());
    }

    /**
     * The stream of a tenant's events. Prefixed, because a tenant id's format ({@code [a-z0-9-]}) could
     * otherwise equal another aggregate's id (say {@code mp-01jd...}).
     */
    static String streamId(TenantId tenant) {
        return "tenant-" + tenant.value();
    }
}
