package io.atrium.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.access.Permission;
import io.atrium.query.sdk.HostAuthenticator;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.query.sdk.SdkHandler;
import io.atrium.query.sdk.SignatureRefusals;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every refusal of the security layer, written once: 401 for a missing, malformed, unknown or revoked
 * key (with {@code WWW-Authenticate}), 403 for a caller whose roles do not grant what the route needs,
 * and 401 for an SDK request whose host signature does not authenticate, on the WebFlux routes and on
 * the manifest's Netty route alike. All are {@code application/problem+json} of the shape the rest of
 * the API answers.
 */
public final class Refusals implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler, SignatureRefusals {

    /** The exchange attribute where the route's rule leaves the permission it wanted, for the 403's detail. */
    static final String WANTED = Refusals.class.getName() + ".wanted";

    static final String CHALLENGE = "Bearer realm=\"atrium\"";
    static final String NO_KEY = "send an API key as 'Authorization: Bearer <key>'";
    static final String SDK_UNSIGNED = "unknown host app; sign the request with X-Atrium-App and its secret";

    private final ObjectMapper json;

    public Refusals(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        if (e instanceof TenantRefused refused) {
            return write(
                    exchange,
                    HttpStatus.UNAUTHORIZED,
                    refused.slug(),
                    refused.getMessage(),
                    Map.of("tenant", refused.tenant()));
        }
        String detail = e instanceof KeyRefused refused ? refused.getMessage() : NO_KEY;
        return write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", detail, Map.of());
    }

    /** The SDK chain's entry point: the host must sign its request; an oversized body is refused before it is read further. */
    ServerAuthenticationEntryPoint sdk() {
        return (exchange, e) -> {
            if (e instanceof BodyTooLarge tooLarge) {
                return write(
                        exchange, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", tooLarge.getMessage(), Map.of());
            }
            if (e instanceof SignatureRefused refused) {
                HttpStatus status = HttpStatus.valueOf(refused.refused.status());
                if (status == HttpStatus.UNAUTHORIZED) {
                    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, SdkHandler.CHALLENGE);
                }
                return write(exchange, status, refused.refused.slug(), refused.getMessage(), Map.of());
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, SdkHandler.CHALLENGE);
            String detail = e instanceof KeyRefused refused ? refused.getMessage() : SDK_UNSIGNED;
            return write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", detail, Map.of());
        };
    }

    @Override
    public SdkHandler.Reply refuse(String path, HostSignatures.Refused refused) {
        HttpStatus status = HttpStatus.valueOf(refused.status());
        return new SdkHandler.Reply(
                status.value(),
                MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                problem(status, refused.slug(), refused.getMessage(), path, Map.of()),
                status == HttpStatus.UNAUTHORIZED);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        Permission wanted = exchange.getAttribute(WANTED);
        if (wanted == null) {
            return write(
                    exchange, HttpStatus.FORBIDDEN, "forbidden", "no rule lets any caller use this route", Map.of());
        }
        return write(
                exchange,
                HttpStatus.FORBIDDEN,
                "forbidden",
                io.atrium.events.access.AccessDeniedException.explain(wanted),
                Map.of("permission", wanted.name().toLowerCase(Locale.ROOT)));
    }

    /** Writes a problem answer: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and extras. */
    public Mono<Void> write(
            ServerWebExchange exchange,
            HttpStatus status,
            String slug,
            @Nullable String detail,
            Map<String, ?> properties) {
        byte[] body =
                problem(status, slug, detail, exchange.getRequest().getPath().value(), properties);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private byte[] problem(
            HttpStatus status, String slug, @Nullable String detail, String instance, Map<String, ?> properties) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://atrium.dev/problems/" + slug);
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", instance);
        problem.putAll(properties);
        try {
            return json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }

    /** An SDK request body over the limit, refused while it is read for its signature. */
    static final class BodyTooLarge extends AuthenticationException {
        BodyTooLarge() {
            super("an SDK request body is at most " + HostAuthenticator.MAX_BODY + " bytes");
        }
    }

    /** A host signature the SDK's check refused: its status (401, or 403 for a bundle id) and type. */
    static final class SignatureRefused extends AuthenticationException {
        final transient HostSignatures.Refused refused;

        SignatureRefused(HostSignatures.Refused refused) {
            super(refused.getMessage());
            this.refused = refused;
        }
    }

    /**
     * A valid key of a tenant that is suspended or deleted: refused with a problem type of its own
     * ({@code tenant-suspended}, {@code tenant-deleted}) so its holder knows that retrying will not help.
     */
    static final class TenantRefused extends AuthenticationException {
        private final String slug;
        private final String tenant;

        TenantRefused(String tenant, boolean deleted) {
            super(
                    deleted
                            ? "tenant '" + tenant + "' was deleted; its credentials no longer work"
                            : "tenant '" + tenant
                                    + "' is suspended; its credentials work again once a platform operator resumes it");
            this.slug = deleted ? "tenant-deleted" : "tenant-suspended";
            this.tenant = tenant;
        }

        String slug() {
            return slug;
        }

        String tenant() {
            return tenant;
        }
    }

    /** A presented key (or signature) that does not authenticate, with what a client should be told. */
    static final class KeyRefused extends AuthenticationException {
        KeyRefused(@Nullable String message) {
            super(message);
        }
    }
}
