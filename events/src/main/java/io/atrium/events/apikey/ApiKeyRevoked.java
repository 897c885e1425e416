package io.atrium.events.apikey;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/** The key no longer authenticates anyone. */
@EventType(name = "atrium.apikey.ApiKeyRevoked", legacyNames = "io.atrium.events.apikey.ApiKeyRevoked")
public record ApiKeyRevoked(ApiKeyId apiKeyId, ActorId revokedBy) implements ApiKeyEvent {

    public ApiKeyRevoked {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(revokedBy, "revokedBy");
    }
}
