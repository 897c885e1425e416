package io.atrium.server.security;

import io.atrium.events.access.Caller;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Resolves a presented bearer key to its caller; empty when the key is unknown or revoked. */
@FunctionalInterface
public interface KeyLookup {

    Mono<Optional<Caller>> find(String presentedKey);
}
