package io.atrium.query.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Whether a tenant's host apps may be served. A suspended or deleted tenant's host apps get no
 * manifest and no package: the SDK refuses their requests as it refuses an unknown host. Answered
 * from memory on every SDK request (the hot manifest route included), so an adapter must not block.
 */
@FunctionalInterface
public interface TenantStatus {

    /** Why {@code tenant}'s host apps are refused, or null while it is active. */
    @Nullable
    String refusal(String tenant);

    /** Every tenant active: where no side of this process knows tenants' states. */
    TenantStatus ALL_ACTIVE = tenant -> null;
}
