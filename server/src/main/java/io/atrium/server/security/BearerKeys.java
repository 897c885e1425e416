package io.atrium.server.security;

import io.atrium.events.access.Caller;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Bearer API keys as a Spring Security mechanism: the converter takes the key off
 * {@code Authorization: Bearer <key>}, the manager resolves it through a {@link KeyLookup} on every
 * request (no session: a revoked key is refused as soon as the lookup no longer finds it).
 */
final class BearerKeys implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

    private static final int MAX_HEADER = 512;

    private final KeyLookup lookup;

    BearerKeys(KeyLookup lookup) {
        this.lookup = lookup;
    }

    /** No header is no authentication (the route's rule answers 401); a malformed one is refused at once. */
    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Mono.empty();
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.length() > MAX_HEADER
                || header.substring(7).isBlank()) {
            return Mono.error(new Refusals.KeyRefused(Refusals.NO_KEY));
        }
        return Mono.just(new PresentedKey(header.substring(7).strip()));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof PresentedKey presented)) {
            return Mono.empty();
        }
        return lookup.find(presented.key)
                .flatMap(found -> found.<Mono<Authentication>>map(caller -> Mono.just(new KeyCaller(caller)))
                        .orElseGet(() -> Mono.error(new Refusals.KeyRefused(
                                "the API key or access token is unknown, expired or revoked"))));
    }

    /** A key as presented, not yet checked. */
    static final class PresentedKey extends AbstractAuthenticationToken {
        private final transient String key;

        PresentedKey(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return "";
        }
    }

    /** An authenticated key: its {@link Caller} is the principal, its roles the authorities. */
    static final class KeyCaller extends AbstractAuthenticationToken {
        private final transient Caller caller;

        KeyCaller(Caller caller) {
            super(caller.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.wireName()))
                    .toList());
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Caller getPrincipal() {
            return caller;
        }
    }
}
