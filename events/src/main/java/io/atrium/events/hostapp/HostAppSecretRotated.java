package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The host app's signing secret was replaced: from now on it is the one derived for
 * {@code secretGeneration} (see {@link HostAppSecret}). The secret of the generation just before
 * keeps working until {@code previousSecretValidUntil} (the grace period the operator chose), and
 * every older generation is refused at once: a rotation during a grace period ends that grace. Like
 * registration, the fact holds the generation only, never the secret.
 *
 * @param previousSecretValidUntil until when generation {@code secretGeneration - 1} is still accepted;
 *                                 null for no grace (and on rotations recorded before grace periods existed)
 */
@EventType(name = "atrium.hostapp.HostAppSecretRotated")
public record HostAppSecretRotated(
        HostAppId hostAppId, int secretGeneration, @Nullable Instant previousSecretValidUntil) implements HostAppEvent {

    public HostAppSecretRotated {
        Objects.requireNonNull(hostAppId, "hostAppId");
    }
}
