package io.atrium.query.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import io.atrium.query.problem.QueryProblems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates {@code /api/} requests no other filter has: by the SHA-256 of the bearer key,
 * against {@code api_key_view}. (In a single process the write side's filter runs first and this
 * one only passes the caller on.) Lookups are cached for a few seconds; a key issued a moment ago
 * works once the projection has applied it, usually within milliseconds.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class QueryAuthenticationFilter implements WebFilter {

    private final DatabaseClient db;
    private final ObjectMapper json;
    private final Cache<String, Optional<Caller>> cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(5)).build();

    public QueryAuthenticationFilter(DatabaseClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/") || exchange.getAttribute(Caller.ATTRIBUTE) != null) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 512) {
            return refuse(exchange, "send an API key as 'Authorization: Bearer <key>'");
        }
        String hash = sha256(header.substring(7).strip());
        Optional<Caller> cached = cache.getIfPresent(hash);
        Mono<Optional<Caller>> caller = cached != null ? Mono.just(cached) : lookup(hash).doOnNext(found -> cache.put(hash, found));
        return caller.flatMap(found -> {
            if (found.isEmpty()) {
                return refuse(exchange, "the API key is unknown or revoked");
            }
            exchange.getAttributes().put(Caller.ATTRIBUTE, found.get());
            return chain.filter(exchange);
        });
    }

    private Mono<Optional<Caller>> lookup(String hash) {
        return db.sql("SELECT id, tenant_id, roles, revoked FROM api_key_view WHERE secret_sha256 = :hash")
                .bind("hash", hash)
                .map(row -> Boolean.TRUE.equals(row.get("revoked", Boolean.class)) ? Optional.<Caller>empty()
                        : Optional.of(new Caller(new ApiKeyId(row.get("id", String.class)), new TenantId(row.get("tenant_id", String.class)),
                                Arrays.stream(row.get("roles", String.class).split(",")).filter(s -> !s.isEmpty()).map(Role::of)
                                        .collect(Collectors.toUnmodifiableSet()))))
                .one()
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"atrium\"");
        byte[] body;
        try {
            body = json.writeValueAsBytes(QueryProblems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", detail, exchange));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = detail.getBytes(StandardCharsets.UTF_8);
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
