package io.atrium.query.problem;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;

/** Problems of the read side, typed {@code https://atrium.dev/problems/<slug>} as everywhere in Atrium. */
public final class QueryProblems {

    private QueryProblems() {}

    public static ProblemDetail of(
            HttpStatus status, String slug, @Nullable String detail, @Nullable ServerWebExchange exchange) {
        return of(status, slug, detail, exchange, Map.of());
    }

    public static ProblemDetail of(
            HttpStatus status,
            String slug,
            @Nullable String detail,
            @Nullable ServerWebExchange exchange,
            Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://atrium.dev/problems/" + slug));
        problem.setTitle(status.getReasonPhrase());
        if (exchange != null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        properties.forEach(problem::setProperty);
        return problem;
    }
}
