package io.atrium.command.access;

import io.atrium.events.access.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.problem.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request under {@code /api/} by its {@code Authorization: Bearer <key>} and
 * puts the {@link Caller} on the exchange. Anything else is answered 401 before any handler runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyAuthenticationFilter implements WebFilter {

    /** The exchange attribute holding the {@link Caller}. */
    public static final String CALLER = Caller.ATTRIBUTE;

    private final ApiKeyAuthenticator authenticator;
    private final CommandDispatcher dispatcher;
    private final ObjectMapper json;

    public ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, CommandDispatcher dispatcher, ObjectMapper json) {
        this.authenticator = authenticator;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 512) {
            return refuse(exchange, "send an API key as 'Authorization: Bearer <key>'");
        }
        String key = header.substring(7).strip();
        Optional<Caller> cached = authenticator.cached(key);
        // A cache miss reads the database: off the event loop, on the command threads.
        Mono<Optional<Caller>> caller = cached != null ? Mono.just(cached) : dispatcher.onCommandThread(() -> authenticator.authenticate(key));
        return caller.flatMap(found -> {
            if (found.isEmpty()) {
                return refuse(exchange, "the API key is unknown or revoked");
            }
            exchange.getAttributes().put(CALLER, found.get());
            return chain.filter(exchange);
        });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"atrium\"");
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail);
        problem.setInstance(java.net.URI.create(exchange.getRequest().getPath().value()));
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = ("{\"status\":401,\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
