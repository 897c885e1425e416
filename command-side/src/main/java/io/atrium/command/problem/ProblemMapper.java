package io.atrium.command.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.atrium.command.dispatch.BusyException;
import io.atrium.command.dispatch.IdempotencyKeyReusedException;
import io.atrium.command.dispatch.TimedOutAfterAppend;
import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.atrium.command.member.LoginRefusedException;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.UnauthenticatedException;
import io.atrium.sdk.packaging.PackageRejectedException;
import io.atrium.sdk.store.PackageStore;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The one place exceptions become answers. Invalid input is a 400 naming the field, a broken rule a
 * 409 naming the rule, a lost race a 409 saying to retry, an unknown id a 404. An exception nobody
 * anticipated is a 500 and is logged with its stack; it is a bug.
 */
@RestControllerAdvice
// Below the read side's own mapper (scoped to its controllers), above Boot's default.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10)
public class ProblemMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidValueException e) {
        return answer(Problems.of(
                HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), Map.of("field", e.field())));
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> invalid(WebExchangeBindException e) {
        String field =
                e.getFieldErrors().isEmpty() ? "" : e.getFieldErrors().get(0).getField();
        String detail =
                e.getAllErrors().stream().map(err -> err.getDefaultMessage()).collect(Collectors.joining("; "));
        return answer(
                Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail, Map.of("field", field)));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        Throwable cause = e.getCause();
        // Where in the body Jackson was when a value refused to be built (e.g. groups[1].rules[0]).
        String at = null;
        while (cause != null) {
            if (cause instanceof DataBufferLimitException) {
                return tooLarge(cause);
            }
            if (cause instanceof InvalidValueException invalid) {
                return invalid(at == null ? invalid : within(at, invalid));
            }
            if (cause instanceof JsonMappingException mapping
                    && !mapping.getPath().isEmpty()) {
                at = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                        .replace(".[", "[");
                if (mapping.getCause() instanceof InvalidValueException) {
                    cause = mapping.getCause();
                    continue;
                }
                String field = at;
                return answer(Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-input",
                        "Invalid input",
                        "'" + field + "' has the wrong type or form",
                        Map.of("field", field)));
            }
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return answer(Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-input",
                        "Invalid input",
                        "the body is not valid JSON: " + json.getOriginalMessage(),
                        Map.of("field", "body")));
            }
            cause = cause.getCause();
        }
        String detail = e.getReason() == null ? "the request could not be read" : e.getReason();
        return answer(Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "Invalid input",
                detail,
                Map.of(
                        "field",
                        e.getMethodParameter() == null
                                ? "body"
                                : String.valueOf(e.getMethodParameter().getParameterName()))));
    }

    /**
     * A value's own refusal placed at the path Jackson was binding: the rule at {@code groups[1].rules[0]}
     * refusing its {@code value} is {@code groups[1].rules[0].value}. A refusal of the very property
     * Jackson was reading ({@code ...operator} refusing {@code operator}) is not named twice.
     */
    private static InvalidValueException within(String path, InvalidValueException invalid) {
        if (path.equals(invalid.field()) || path.endsWith("." + invalid.field())) {
            return new InvalidValueException(path, invalid.reason());
        }
        return invalid.under(path);
    }

    @ExceptionHandler(PackageRejectedException.class)
    ResponseEntity<ProblemDetail> rejectedPackage(PackageRejectedException e) {
        return answer(Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-package",
                "The code package was refused",
                e.getMessage(),
                Map.of("field", "package", "rule", e.rule().code(), "entry", e.entry() == null ? "" : e.entry())));
    }

    @ExceptionHandler({
        DataBufferLimitException.class,
        PayloadTooLargeException.class,
        PackageStore.BlobTooLargeException.class,
        DecodingException.class
    })
    ResponseEntity<ProblemDetail> tooLarge(Throwable e) {
        if (e instanceof DecodingException && !(e.getCause() instanceof DataBufferLimitException)) {
            return answer(Problems.of(
                    HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), Map.of("field", "body")));
        }
        String detail = e instanceof PayloadTooLargeException && e.getCause() != null
                ? e.getCause().getMessage()
                : e.getMessage();
        return answer(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Request too large", detail));
    }

    @ExceptionHandler(UnauthenticatedException.class)
    ResponseEntity<ProblemDetail> unauthenticated(UnauthenticatedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"atrium\"")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", e.getMessage()));
    }

    /** Login refusals: each kind its own status and type; none tells whether an address has a member. */
    @ExceptionHandler(LoginRefusedException.class)
    ResponseEntity<ProblemDetail> loginRefused(LoginRefusedException e) {
        HttpStatus status = HttpStatus.valueOf(e.kind().status());
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"atrium\"");
        }
        if (e.retryAfterSeconds() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return answer.body(Problems.of(status, e.kind().slug(), status.getReasonPhrase(), e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
        return answer(Problems.of(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Not allowed",
                e.getMessage(),
                Map.of("permission", e.permission().name().toLowerCase(java.util.Locale.ROOT))));
    }

    @ExceptionHandler(UnknownResourceException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownResourceException e) {
        return answer(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknown(AggregateNotFoundException e) {
        return answer(Problems.of(
                HttpStatus.NOT_FOUND, "not-found", "Not found", "no such resource: " + e.getAggregateIdentifier()));
    }

    @ExceptionHandler(InvariantViolation.class)
    ResponseEntity<ProblemDetail> violated(InvariantViolation e) {
        HttpStatus status = e.invariant() == Invariant.UNKNOWN_VERSION ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        String slug = status == HttpStatus.NOT_FOUND ? "not-found" : "rule-violated";
        return answer(Problems.of(
                status,
                slug,
                status == HttpStatus.NOT_FOUND ? "Not found" : "A rule of the lifecycle forbids this",
                e.getMessage(),
                Map.of("rule", e.invariant().code())));
    }

    @ExceptionHandler({
        ConcurrencyException.class,
        org.axonframework.modelling.command.AggregateStreamCreationException.class,
        ConcurrencyFailureException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<ProblemDetail> lostRace(Exception e) {
        LOG.debug("Lost a concurrency race", e);
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.CONFLICT,
                        "concurrent-modification",
                        "Changed concurrently",
                        "another change to the same resource won the race; nothing was recorded, read it again and retry",
                        Map.of("retryable", true)));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> reused(IdempotencyKeyReusedException e) {
        return answer(Problems.of(
                HttpStatus.UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency-Key reused",
                e.getMessage(),
                Map.of("field", "Idempotency-Key")));
    }

    @ExceptionHandler(BusyException.class)
    ResponseEntity<ProblemDetail> busy(BusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy", e.getMessage(), Map.of("retryable", true)));
    }

    /** The event store could not be reached; the command's transaction was rolled back, so a retry is safe. */
    @ExceptionHandler(EventStoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(EventStoreUnavailableException e) {
        LOG.warn("The event store could not be reached: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "store-unavailable",
                        "Event store unavailable",
                        "the event store could not be reached or did not answer in time; retry (a change whose answer "
                                + "timed out may have been recorded: read it before retrying a creation)",
                        Map.of("retryable", true)));
    }

    /**
     * A command that outlived atrium.commands.timeout-seconds: its transaction was rolled back and
     * nothing was recorded; or, on a store whose append commits on its own, its events were stored
     * first and stand.
     */
    @ExceptionHandler(TransactionTimedOutException.class)
    ResponseEntity<ProblemDetail> timedOut(TransactionTimedOutException e) {
        String detail = e instanceof TimedOutAfterAppend
                ? "the command took longer than its time limit after its change was stored, which this event "
                        + "store cannot undo: the change stands; retry with the same Idempotency-Key to receive "
                        + "its answer"
                : "the command took longer than its time limit and was rolled back; nothing was recorded";
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE, "timeout", "Timed out", detail, Map.of("retryable", true)));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        if (status == null) {
            status = HttpStatus.BAD_REQUEST;
        }
        String slug = switch (status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case NOT_ACCEPTABLE -> "not-acceptable";
            default -> "http-" + status.value();
        };
        return answer(Problems.of(
                status,
                slug,
                status.getReasonPhrase(),
                e.getReason() == null ? status.getReasonPhrase() : e.getReason()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        LOG.error("Unexpected failure while handling a request", e);
        return answer(Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "the server failed unexpectedly; nothing may be assumed recorded unless a read shows it"));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
