package io.atrium.server.security;

import io.atrium.command.dispatch.RequestContexts;
import io.atrium.events.access.Caller;
import io.atrium.query.sdk.HostAuthenticator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place the WebFlux side feeds the security log. It wraps every {@code /api} and {@code /sdk}
 * request ahead of Spring Security, so it sees whatever answered: a 401 or 403 from {@link Refusals}
 * or from a handler is recorded as its body starts to be written (the problem type read from the start
 * of it), or once the exchange is done when it has none, and a sensitive read when its successful
 * answer is committed (a live feed is recorded
 * when it starts, not when it ends). Recording only hands a record over; it never fails the request.
 */
@Component
public class SecurityLogFilter implements WebFilter, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityLogFilter.class);
    private static final int CAPTURE = 2048;
    private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final SecurityRecording recording;

    public SecurityLogFilter(SecurityRecording recording) {
        this.recording = recording;
    }

    /** Ahead of Spring Security's filter chain (order -100), so its refusals pass through here. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/") && !path.startsWith("/sdk/")) {
            return chain.filter(exchange);
        }
        AtomicReference<String> body = new AtomicReference<>();
        AtomicBoolean handedOver = new AtomicBoolean();
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> content) {
                if (!refusal(getStatusCode())) {
                    return super.writeWith(content);
                }
                return super.writeWith(Flux.from(content).doOnNext(buffer -> {
                    body.compareAndSet(
                            null,
                            buffer.toString(
                                    buffer.readPosition(),
                                    Math.min(buffer.readableByteCount(), CAPTURE),
                                    StandardCharsets.UTF_8));
                    // Handed over before the answer's first byte leaves: a client that waits for each
                    // answer before its next request is then recorded in the order it asked, so the
                    // first refusal of a window is the first one the client got (recorded after the
                    // exchange, a later request on another connection could overtake it).
                    // (The exchange this decorates shares its request, status, headers and attributes.)
                    if (handedOver.compareAndSet(false, true)) {
                        refusedDone(exchange, body.get());
                    }
                }));
            }
        };
        ServerWebExchange recorded = exchange.mutate().response(response).build();
        response.beforeCommit(() -> {
            readCommitted(recorded);
            return Mono.empty();
        });
        // A refusal without a body (or one whose write failed) is recorded once the exchange is done.
        return chain.filter(recorded).doFinally(signal -> {
            if (handedOver.compareAndSet(false, true)) {
                refusedDone(recorded, body.get());
            }
        });
    }

    private static boolean refusal(HttpStatusCode status) {
        return status != null && (status.value() == 401 || status.value() == 403);
    }

    private void readCommitted(ServerWebExchange exchange) {
        try {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
            if (caller == null || status != null && !status.is2xxSuccessful()) {
                return;
            }
            HttpMethod method = exchange.getRequest().getMethod();
            // Only a GET or HEAD can be a sensitive read: every other answer (each command's 202) skips
            // the route lookup, a walk over every route pattern, on the thread that writes it.
            if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                return;
            }
            String route = recording.route(
                    method,
                    exchange.getRequest().getPath().pathWithinApplication().value());
            if (recording.sensitive(method, route)) {
                recording.sensitiveRead(
                        method,
                        route,
                        exchange.getRequest().getURI().getRawQuery(),
                        caller,
                        address(exchange),
                        correlation(exchange));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not hand a sensitive read to the security log", e);
        }
    }

    private void refusedDone(ServerWebExchange exchange, @Nullable String body) {
        try {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            if (!refusal(status)) {
                return;
            }
            ServerHttpRequest request = exchange.getRequest();
            Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
            String path = request.getPath().pathWithinApplication().value();
            String hostApp =
                    path.startsWith("/sdk/") ? request.getHeaders().getFirst(HostAuthenticator.APP_HEADER) : null;
            recording.refused(
                    request.getMethod(),
                    path,
                    status.value(),
                    body,
                    caller,
                    SecurityRecording.hostAppPrincipal(hostApp),
                    address(exchange),
                    correlation(exchange));
        } catch (RuntimeException e) {
            LOG.warn("Could not hand a refused request to the security log", e);
        }
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null
                ? ""
                : remote.getAddress() == null
                        ? remote.getHostString()
                        : remote.getAddress().getHostAddress();
    }

    /** The request id a command answer set, or the client's own when it is plain visible ASCII. */
    private static @Nullable String correlation(ServerWebExchange exchange) {
        String id = exchange.getResponse().getHeaders().getFirst(RequestContexts.REQUEST_ID);
        if (id == null) {
            id = exchange.getRequest().getHeaders().getFirst(RequestContexts.REQUEST_ID);
        }
        return id != null && REQUEST_ID.matcher(id).matches() ? id : null;
    }
}
