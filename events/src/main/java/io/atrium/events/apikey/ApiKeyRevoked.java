package io.atrium.events.apikey;

import io.atrium.events.ActorId;
import java.util.Objects;

/** The key no longer authenticates anyone. */
public record ApiKeyRevoked(ApiKeyId apiKeyId, ActorId revokedBy) implements ApiKeyEvent {

    public ApiKeyRevoked {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(revokedBy, "revokedBy");
    }
}
