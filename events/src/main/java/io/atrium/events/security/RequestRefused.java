package io.atrium.events.security;

import io.atrium.events.EventType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The platform refused a request on {@code /api} or {@code /sdk} with a 401 or a 403. Refusals of the
 * same client address, method, route and status are coalesced: the first in a window gets an entry of
 * its own, the rest of that window are counted and recorded in one entry when it closes, so a flood of
 * refusals becomes a few entries that still say how many there were.
 *
 * @param status      401 or 403
 * @param problemType the answer's problem type, e.g. {@code https://atrium.dev/problems/unauthenticated}
 * @param principal   the authenticated caller (403), the host app the SDK request named, or null
 * @param suppressed  how many further refusals of the same key this entry stands for besides the one it
 *                    describes (the last of them); 0 for a refusal recorded on its own
 */
@EventType(name = "atrium.security.RequestRefused")
public record RequestRefused(
        SecurityRecordId recordId,
        String method,
        String route,
        int status,
        String problemType,
        @Nullable String principal,
        long suppressed)
        implements SecurityRecordEvent {

    public RequestRefused {
        Objects.requireNonNull(recordId, "recordId");
        method = method == null ? "" : method;
        route = route == null ? "" : route;
        problemType = problemType == null ? "" : problemType;
    }
}
