package io.atrium.command.problem;

import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problems with Atrium's stable types: {@code https://atrium.dev/problems/<slug>}.
 * A client switches on {@code type} (and {@code rule} or {@code field} where present), never on prose.
 */
public final class Problems {

    public static final String BASE = "https://atrium.dev/problems/";

    private Problems() {}

    public static ProblemDetail of(
            HttpStatus status, String slug, String title, @Nullable String detail, Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + slug));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, @Nullable String detail) {
        return of(status, slug, title, detail, Map.of());
    }
}
