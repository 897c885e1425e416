package io.atrium.command.tenant;

import io.atrium.events.TenantId;

/** What creating a tenant needs to know of the others: whether an id is taken. */
@FunctionalInterface
public interface TenantDirectory {

    /** Whether {@code tenant} exists, in any state (a deleted tenant's id is never given again). */
    boolean exists(TenantId tenant);
}
