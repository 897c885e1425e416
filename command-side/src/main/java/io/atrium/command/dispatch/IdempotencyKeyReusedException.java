package io.atrium.command.dispatch;

/** An {@code Idempotency-Key} came back with a different request than the one it was first used for. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was first used with a different request; use a new key for a new request");
    }
}
