package io.atrium.command.dispatch;

import io.atrium.events.access.Caller;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP layer knows of a request that the command's events must remember.
 *
 * @param caller         the authenticated caller
 * @param clientAddress  the address the request came from
 * @param correlationId  the request's correlation id (from {@code X-Request-Id}, or generated)
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param fingerprint    hex SHA-256 of the request (method, path, canonical body): a retry with the same
 *                       key must carry the same fingerprint
 */
public record RequestContext(
        Caller caller,
        String clientAddress,
        String correlationId,
        @Nullable String idempotencyKey,
        String fingerprint) {

    public RequestContext withFingerprint(String newFingerprint) {
        return new RequestContext(caller, clientAddress, correlationId, idempotencyKey, newFingerprint);
    }
}
