package io.atrium.query.problem;

import io.atrium.events.InvalidValueException;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.query.readmodel.ReadYourWrites;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/** Turns the read side's exceptions into problems; anything else falls through to the server-wide mapper. */
@RestControllerAdvice(basePackages = "io.atrium.query")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryProblemMapper {

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidValueException e, ServerWebExchange exchange) {
        return answer(QueryProblems.of(
                HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage(), exchange, Map.of("field", e.field())));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        // A typed id in the path that refused its segment says best what is wrong with it.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidValueException invalid) {
                return invalid(invalid, exchange);
            }
        }
        String field = e.getMethodParameter() == null
                ? "request"
                : String.valueOf(e.getMethodParameter().getParameterName());
        return answer(QueryProblems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "'" + field + "' has the wrong form",
                exchange,
                Map.of("field", field)));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e, ServerWebExchange exchange) {
        return answer(QueryProblems.of(
                HttpStatus.FORBIDDEN,
                "forbidden",
                e.getMessage(),
                exchange,
                Map.of("permission", e.permission().name().toLowerCase(java.util.Locale.ROOT))));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, ServerWebExchange exchange) {
        return answer(QueryProblems.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), exchange));
    }

    @ExceptionHandler(ReadYourWrites.NotYetReadableException.class)
    ResponseEntity<ProblemDetail> notYet(ReadYourWrites.NotYetReadableException e, ServerWebExchange exchange) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(QueryProblems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "not-yet-readable",
                        e.getMessage(),
                        exchange,
                        Map.of("retryable", true)));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** What a read asked for does not exist (for this tenant). */
    public static class NotFoundException extends RuntimeException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
