package io.atrium.events.apikey;

import io.atrium.events.AtriumEvent;

/** The facts of an API key's life. */
public sealed interface ApiKeyEvent extends AtriumEvent permits ApiKeyIssued, ApiKeyRevoked {

    ApiKeyId apiKeyId();

    @Override
    default String aggregateId() {
        return apiKeyId().value();
    }
}
