package io.atrium.events.hostapp;

import io.atrium.events.EventType;
import java.util.Objects;

/**
 * The host app's signing secret was replaced: from now on it is the one derived for
 * {@code secretGeneration} (see {@link HostAppSecret}), and the secrets of earlier generations are
 * refused. Like registration, the fact holds the generation only, never the secret.
 */
@EventType(name = "atrium.hostapp.HostAppSecretRotated")
public record HostAppSecretRotated(HostAppId hostAppId, int secretGeneration) implements HostAppEvent {

    public HostAppSecretRotated {
        Objects.requireNonNull(hostAppId, "hostAppId");
    }
}
