package io.atrium.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.security.SecurityLog;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * When the filter hands a refusal over. It must be before the answer's bytes leave: a client that
 * waits for each answer before its next request would otherwise see a later request recorded first
 * (on another connection, its exchange can end before this one's), and the first refusal of a window,
 * the one that gets an entry of its own, would not be the first the client got.
 */
class SecurityLogFilterTest {

    private static final String PROBLEM = "{\"type\":\"https://atrium.dev/problems/unauthenticated\",\"status\":401}";

    /** What the filter handed over, and whether the answer had reached the connection by then. */
    private static final class Handed extends SecurityRecording {
        final List<String> refusals = new ArrayList<>();
        final AtomicBoolean written;

        Handed(AtomicBoolean written) {
            super(new StaticListableBeanFactory().getBeanProvider(SecurityLog.class));
            this.written = written;
        }

        final List<String> reads = new ArrayList<>();
        int routeLookups;

        @Override
        String route(HttpMethod method, String path) {
            routeLookups++;
            return super.route(method, path);
        }

        @Override
        void sensitiveRead(
                HttpMethod method,
                String route,
                @Nullable String query,
                Caller caller,
                String clientAddress,
                @Nullable String correlationId) {
            reads.add(method + " " + route);
        }

        @Override
        void refused(
                HttpMethod method,
                String path,
                int status,
                @Nullable String body,
                @Nullable Caller caller,
                @Nullable String principal,
                String clientAddress,
                @Nullable String correlationId) {
            refusals.add(status + " " + method + " " + path + " written=" + written.get() + " body=" + body);
        }
    }

    private static MockServerWebExchange exchange(AtomicBoolean written) {
        return exchange(MockServerHttpRequest.get("/api/v1/search/crawls"), written);
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request, AtomicBoolean written) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        // The connection: marks the answer written when its first buffer reaches it.
        exchange.getResponse()
                .setWriteHandler(
                        body -> body.doOnNext(buffer -> written.set(true)).then());
        return exchange;
    }

    @Test
    void aRefusalWithABodyIsHandedOverBeforeItsFirstByteIsWritten() {
        AtomicBoolean written = new AtomicBoolean();
        Handed recording = new Handed(written);
        WebFilterChain refuse = ex -> {
            ex.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
            return ex.getResponse()
                    .writeWith(Mono.just(
                            DefaultDataBufferFactory.sharedInstance.wrap(PROBLEM.getBytes(StandardCharsets.UTF_8))));
        };

        new SecurityLogFilter(recording).filter(exchange(written), refuse).block();

        assertThat(written).isTrue();
        assertThat(recording.refusals).containsExactly("401 GET /api/v1/search/crawls written=false body=" + PROBLEM);
    }

    @Test
    void aRefusalWithoutABodyIsHandedOverOnceTheExchangeIsDone() {
        AtomicBoolean written = new AtomicBoolean();
        Handed recording = new Handed(written);
        WebFilterChain refuse = ex -> {
            ex.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
            return ex.getResponse().setComplete();
        };

        new SecurityLogFilter(recording).filter(exchange(written), refuse).block();

        assertThat(recording.refusals).containsExactly("403 GET /api/v1/search/crawls written=false body=null");
    }

    @Test
    void anAnswerThatIsNoRefusalIsNotHandedOver() {
        AtomicBoolean written = new AtomicBoolean();
        Handed recording = new Handed(written);
        WebFilterChain answer = ex -> {
            ex.getResponse().setStatusCode(HttpStatus.OK);
            return ex.getResponse()
                    .writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] {'{', '}'})));
        };

        new SecurityLogFilter(recording).filter(exchange(written), answer).block();

        assertThat(written).isTrue();
        assertThat(recording.refusals).isEmpty();
    }

    private static WebFilterChain answer(HttpStatus status) {
        return ex -> {
            ex.getAttributes().put(Caller.ATTRIBUTE, CALLER);
            ex.getResponse().setStatusCode(status);
            return ex.getResponse()
                    .writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] {'{', '}'})));
        };
    }

    private static final Caller CALLER =
            new Caller(new ActorId("auditor-1"), null, TenantId.DEFAULT, Set.of(), Set.of());

    @Test
    void aSuccessfulReadOfTheOperationLogIsASensitiveRead() {
        Handed recording = new Handed(new AtomicBoolean());

        new SecurityLogFilter(recording)
                .filter(
                        exchange(MockServerHttpRequest.get("/api/v1/audit/events"), new AtomicBoolean()),
                        answer(HttpStatus.OK))
                .block();

        assertThat(recording.reads).containsExactly("GET /api/v1/audit/events");
    }

    @Test
    void aCommandsAnswerLooksUpNoRoute() {
        Handed recording = new Handed(new AtomicBoolean());

        new SecurityLogFilter(recording)
                .filter(
                        exchange(
                                MockServerHttpRequest.patch("/api/v1/mini-programs/mp-01jd8q3k5v6w7x8y9z0a1b2c3d"),
                                new AtomicBoolean()),
                        answer(HttpStatus.ACCEPTED))
                .block();

        assertThat(recording.reads).isEmpty();
        assertThat(recording.routeLookups).isZero();
        assertThat(recording.refusals).isEmpty();
    }
}
