package io.atrium.server.security;

import io.atrium.query.sdk.HostAuthenticator;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.query.sdk.ManifestSnapshot;
import java.util.List;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The SDK's host signature as a Spring Security mechanism. The signature covers the body, so the
 * converter reads it (at most {@link HostAuthenticator#MAX_BODY} bytes) and leaves it on the exchange
 * for the handler; the manager checks it with the query side's {@link HostAuthenticator}.
 */
final class HostSignaturesMechanism implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

    private final HostAuthenticator hosts;

    /** @param hosts null where this process does not run the read side (and so serves no SDK route) */
    HostSignaturesMechanism(HostAuthenticator hosts) {
        this.hosts = hosts;
    }

    /** A request naming no host app is not signed: no authentication (the route's rule decides). */
    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.getFirst(HostAuthenticator.APP_HEADER) == null) {
            return Mono.empty();
        }
        if (headers.getContentLength() > HostAuthenticator.MAX_BODY) {
            return Mono.error(new Refusals.BodyTooLarge());
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), HostAuthenticator.MAX_BODY)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new Refusals.BodyTooLarge())
                .map(body -> {
                    exchange.getAttributes().put(HostAuthenticator.BODY, body);
                    return new SignedRequest(exchange, body);
                });
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof SignedRequest signed)) {
            return Mono.empty();
        }
        if (hosts == null) {
            return Mono.error(new Refusals.KeyRefused("this node does not serve the SDK"));
        }
        return Mono.fromCallable(() -> {
            HttpHeaders headers = signed.exchange.getRequest().getHeaders();
            try {
                ManifestSnapshot.Host host = hosts.authenticate(
                        headers::getFirst,
                        signed.exchange.getRequest().getMethod().name(),
                        signed.exchange.getRequest().getPath().value(),
                        signed.body);
                return new SignedHost(host);
            } catch (HostSignatures.Refused e) {
                throw new Refusals.SignatureRefused(e);
            }
        });
    }

    /** A request as signed, not yet checked. */
    static final class SignedRequest extends AbstractAuthenticationToken {
        private final transient ServerWebExchange exchange;
        private final transient byte[] body;

        SignedRequest(ServerWebExchange exchange, byte[] body) {
            super(List.of());
            this.exchange = exchange;
            this.body = body;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "";
        }
    }

    /** An authenticated host app. */
    static final class SignedHost extends AbstractAuthenticationToken {
        private final transient ManifestSnapshot.Host host;

        SignedHost(ManifestSnapshot.Host host) {
            super(List.of());
            this.host = host;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public ManifestSnapshot.Host getPrincipal() {
            return host;
        }
    }
}
