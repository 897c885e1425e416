package io.atrium.query.sdk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Host apps' requests by outcome: {@code atrium.manifest.requests} and {@code atrium.package.requests}.
 * The outcome is read from the status answered, whoever answered it (the signature check, the handler,
 * WebFlux's conditional-request check), so refusals count as well as answers. The counters are built
 * up front: counting is an array index and an increment.
 */
public final class SdkRequestMetrics {

    /** The {@code outcome} tag, from the status answered. */
    public enum Outcome {
        OK,
        NOT_MODIFIED,
        UNAUTHORIZED,
        FORBIDDEN,
        NOT_FOUND,
        /** Anything else: a malformed or oversized request, a failure of the server. */
        ERROR;

        static Outcome of(int status) {
            return switch (status) {
                case 200, 206 -> OK;
                case 304 -> NOT_MODIFIED;
                case 401 -> UNAUTHORIZED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                default -> ERROR;
            };
        }
    }

    static final String PACKAGES = "/sdk/v1/packages/";

    private final Counter[] manifests;
    private final Counter[] packages;

    public SdkRequestMetrics(MeterRegistry registry) {
        this.manifests = counters(registry, "atrium.manifest.requests", "Manifest requests of host apps, by outcome");
        this.packages =
                counters(registry, "atrium.package.requests", "Sealed-package downloads of host apps, by outcome");
    }

    /** Counters that count nothing: for routes built without a registry (tests). */
    public static SdkRequestMetrics none() {
        // A composite with no registries in it hands out no-op meters.
        return new SdkRequestMetrics(new CompositeMeterRegistry());
    }

    private static Counter[] counters(MeterRegistry registry, String name, String description) {
        Outcome[] outcomes = Outcome.values();
        Counter[] counters = new Counter[outcomes.length];
        for (Outcome outcome : outcomes) {
            counters[outcome.ordinal()] = Counter.builder(name)
                    .description(description)
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        return counters;
    }

    /** A manifest request answered {@code status}. */
    public void manifest(int status) {
        manifests[Outcome.of(status).ordinal()].increment();
    }

    /** A sealed-package request answered {@code status}. */
    public void sealedPackage(int status) {
        packages[Outcome.of(status).ordinal()].increment();
    }

    /**
     * Counts the SDK requests WebFlux answers (packages always; the manifest when its Netty route is
     * off), as their answers commit. Ahead of the security chain, so its refusals are counted too.
     */
    public WebFilter filter() {
        return new Filter(this);
    }

    private record Filter(SdkRequestMetrics metrics) implements WebFilter, Ordered {

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 20;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String path =
                    exchange.getRequest().getPath().pathWithinApplication().value();
            HttpMethod method = exchange.getRequest().getMethod();
            boolean manifest = HttpMethod.POST.equals(method) && ManifestRoute.PATH.equals(path);
            boolean sealedPackage =
                    (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && path.startsWith(PACKAGES);
            if (manifest || sealedPackage) {
                exchange.getResponse().beforeCommit(() -> {
                    HttpStatusCode status = exchange.getResponse().getStatusCode();
                    int code = status == null ? 200 : status.value();
                    if (manifest) {
                        metrics.manifest(code);
                    } else {
                        metrics.sealedPackage(code);
                    }
                    return Mono.empty();
                });
            }
            return chain.filter(exchange);
        }
    }
}
