package io.atrium.events.security;

import io.atrium.events.EventType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A caller read sensitive data: the operation log (its queries, exports, chain checks and live feed)
 * or the member list. Recorded once the answer is on its way (its status is a success), with what was
 * asked for.
 *
 * @param query the request's query string (the filters of an operation-log query), at most 500 characters
 */
@EventType(name = "atrium.security.SensitiveDataRead")
public record SensitiveDataRead(
        SecurityRecordId recordId,
        String method,
        String route,
        @Nullable String query,
        @Nullable String principal) implements SecurityRecordEvent {

    public SensitiveDataRead {
        Objects.requireNonNull(recordId, "recordId");
        method = method == null ? "" : method;
        route = route == null ? "" : route;
    }
}
