package io.atrium.query.sdk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.netty.NettyRouteProvider;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /sdk/v1/manifest} served by Reactor Netty directly, ahead of the WebFlux dispatcher:
 * the manifest is what every host app asks before every launch, and the dispatcher's per-request
 * work (exchange, filters, handler mapping, codecs) cost more than the answer itself. The logic is
 * {@link SdkHandler#manifest(java.util.function.Function, String, String, byte[])}, the same the
 * WebFlux route runs where no Netty server is (a mock server in tests).
 */
public final class ManifestRoute implements NettyRouteProvider {

    static final String PATH = "/sdk/v1/manifest";
    private static final Logger LOG = LoggerFactory.getLogger(ManifestRoute.class);

    private static final AsciiString JSON = AsciiString.cached("application/json");

    private final java.util.function.Supplier<SdkHandler> handlers;
    private final java.util.function.Supplier<RefusedSdkRequests> refusedLookup;
    private volatile @Nullable SdkHandler handler;
    private volatile @Nullable RefusedSdkRequests refused;
    private final java.util.function.Supplier<SdkRequestMetrics> metricsLookup;
    private volatile @Nullable SdkRequestMetrics metrics;

    /**
     * Each answer's bytes once more, in direct memory, keyed by the identity of the cached answer array
     * (weakly: an answer the handler's cache dropped goes here too). A heap array sent to a socket is
     * copied into a pooled direct buffer per response, with the allocator's leak tracking; a direct
     * duplicate is written as it is.
     */
    private final Cache<byte[], ByteBuf> directAnswers =
            Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    /**
     * The web server factory, and so this route, is built before the read model is ready; the
     * handler (and its snapshot) is looked up when the server starts routing.
     */
    public ManifestRoute(java.util.function.Supplier<SdkHandler> handlers) {
        this(handlers, () -> RefusedSdkRequests.NONE);
    }

    /** @param refused where refusals go for the security log (looked up, like the handler, when first needed) */
    public ManifestRoute(
            java.util.function.Supplier<SdkHandler> handlers, java.util.function.Supplier<RefusedSdkRequests> refused) {
        this(handlers, refused, SdkRequestMetrics::none);
    }

    /**
     * @param refused where refusals go for the security log
     * @param metrics where each answer is counted by outcome (looked up, like the handler, when first
     *                needed: the metrics registry is not ready when the web server is built)
     */
    public ManifestRoute(
            java.util.function.Supplier<SdkHandler> handlers,
            java.util.function.Supplier<RefusedSdkRequests> refused,
            java.util.function.Supplier<SdkRequestMetrics> metrics) {
        this.handlers = handlers;
        this.refusedLookup = refused;
        this.metricsLookup = metrics;
    }

    private SdkRequestMetrics metrics() {
        SdkRequestMetrics m = metrics;
        if (m == null) {
            m = metricsLookup.get();
            metrics = m;
        }
        return m;
    }

    private RefusedSdkRequests refused() {
        RefusedSdkRequests r = refused;
        if (r == null) {
            r = refusedLookup.get();
            refused = r;
        }
        return r;
    }

    /** Hands a 401 or 403 to the security log; recording must never fail the answer. */
    private void report(HttpServerRequest request, SdkHandler.Reply reply) {
        try {
            java.net.InetSocketAddress remote = request.remoteAddress();
            String address = remote == null
                    ? ""
                    : remote.getAddress() == null
                            ? remote.getHostString()
                            : remote.getAddress().getHostAddress();
            refused()
                    .refused(
                            request.method().name(),
                            PATH,
                            address,
                            request.requestHeaders().get(HostAuthenticator.APP_HEADER),
                            reply);
        } catch (RuntimeException e) {
            LOG.warn("Could not hand a refused manifest request to the security log", e);
        }
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.post(PATH, this::serve);
    }

    private SdkHandler handler() {
        SdkHandler h = handler;
        if (h == null) {
            h = handlers.get();
            handler = h;
        }
        return h;
    }

    private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        Mono<SdkHandler.Reply> reply;
        if (declared != null && parse(declared) > SdkHandler.MAX_BODY) {
            reply = Mono.just(SdkHandler.reply(PATH, SdkHandler.tooLarge()));
        } else {
            reply = request.receive()
                    .asByteArray()
                    .collect(ByteArrayOutputStream::new, (out, chunk) -> {
                        if (out.size() + chunk.length > SdkHandler.MAX_BODY) {
                            throw SdkHandler.tooLarge();
                        }
                        out.writeBytes(chunk);
                    })
                    .map(out -> handler()
                            .manifest(
                                    name -> request.requestHeaders().get(name),
                                    request.method().name(),
                                    PATH,
                                    out.toByteArray()))
                    .onErrorResume(SdkHandler.SdkProblem.class, e -> Mono.just(SdkHandler.reply(PATH, e)));
        }
        return reply.onErrorResume(e -> {
                    LOG.error("manifest request failed", e);
                    return Mono.just(SdkHandler.reply(
                            PATH,
                            new SdkHandler.SdkProblem(
                                    org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR,
                                    "internal",
                                    "the manifest could not be answered")));
                })
                .flatMap(r -> {
                    metrics().manifest(r.status());
                    response.status(HttpResponseStatus.valueOf(r.status()));
                    response.responseHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
                    if (r.status() == 200) {
                        // Answers (200) are the cached arrays, the same instance for the same answer.
                        response.responseHeaders().set(HttpHeaderNames.CONTENT_TYPE, JSON);
                        return response.send(Mono.just(directAnswers
                                        .get(r.body(), ManifestRoute::direct)
                                        .duplicate()))
                                .then();
                    }
                    if (r.status() == 401 || r.status() == 403) {
                        report(request, r);
                    }
                    response.header(HttpHeaderNames.CONTENT_TYPE, r.contentType());
                    if (r.challenge()) {
                        response.header(HttpHeaderNames.WWW_AUTHENTICATE, SdkHandler.CHALLENGE);
                    }
                    return response.sendByteArray(Mono.just(r.body())).then();
                });
    }

    /**
     * A read-only direct copy that is never released: each response sends a duplicate (its own
     * indexes, the same memory), and the JDK frees the memory once the cache drops the buffer.
     */
    private static ByteBuf direct(byte[] answer) {
        java.nio.ByteBuffer memory = java.nio.ByteBuffer.allocateDirect(answer.length);
        memory.put(answer).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(memory.asReadOnlyBuffer()));
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
