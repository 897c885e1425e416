package io.atrium.events.security;

import io.atrium.events.AtriumEvent;

/**
 * The facts of the security log. The operation-log entry's metadata holds the tenant (the caller's,
 * or the platform tenant {@code default} for a caller nobody authenticated), the actor (the principal,
 * or {@code anonymous}) and the client address.
 */
public sealed interface SecurityRecordEvent extends AtriumEvent permits RequestRefused, SensitiveDataRead {

    SecurityRecordId recordId();

    /** The HTTP method. */
    String method();

    /** The route pattern the request matched ({@code /api/v1/host-apps/{id}}), or its path when none did. */
    String route();

    /** Who the request was authenticated as (an API key id or a member's actor id), null when nobody. */
    @org.jspecify.annotations.Nullable
    String principal();

    @Override
    default String aggregateId() {
        return recordId().value();
    }
}
