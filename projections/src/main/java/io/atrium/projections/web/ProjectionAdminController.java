package io.atrium.projections.web;

import io.atrium.events.EventMetadata;
import io.atrium.events.access.Caller;
import io.atrium.events.projection.ProjectionEventSkipped;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ProjectionRunners;
import io.atrium.projections.runner.ProjectionStatus;
import io.atrium.projections.runner.ReplayProgress;
import io.atrium.projections.runner.SkipRefusedException;
import io.atrium.projections.runner.SkippedEventLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Projection status and lag; replay with progress streamed as SSE; skipping a poison event a
 * projection stopped on. Owner or admin only (the server's route rules).
 */
@RestController
@RequestMapping("/api/v1/admin/projections")
@Tag(name = "Projections (admin)")
public class ProjectionAdminController {

    private final ProjectionRunners runners;

    public ProjectionAdminController(ProjectionRunners runners) {
        this.runners = runners;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every projection's position, the log's head, and the lag between them")
    public Mono<ResponseEntity<Projections>> status(ServerWebExchange exchange) {
        // Each status asks the feed for the log's head, which on Kafka is a network call that waits
        // out its timeouts while the broker is away: off the event loop.
        return Mono.fromCallable(() -> ResponseEntity.ok(new Projections(runners.status())))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    /** Every projection's status. */
    public record Projections(List<ProjectionStatus> projections) {}

    @PostMapping(path = "/{name}/replay", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Rebuild a projection from the first event into shadow tables, then swap them in",
            description =
                    "Streams progress as server-sent events (phase, events done and total, rate, seconds left). The replay goes on "
                            + "if the stream is closed; GET .../projections shows it.")
    public ResponseEntity<?> replay(@PathVariable String name, ServerWebExchange exchange) {
        ProjectionRunner runner = runners.runner(name).orElse(null);
        if (runner == null) {
            return problem(exchange, HttpStatus.NOT_FOUND, "not-found", "no projection '" + name + "'", Map.of());
        }
        Sinks.Many<ReplayProgress> sink = Sinks.many().replay().latest();
        boolean started = runners.startReplay(runner, p -> {
            sink.emitNext(p, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
            if (p.phase().equals("done") || p.phase().equals("failed")) {
                sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
            }
        });
        if (!started) {
            return problem(
                    exchange,
                    HttpStatus.CONFLICT,
                    "replay-running",
                    "a replay of '" + name + "' is already running",
                    Map.of("rule", "one-replay-at-a-time"));
        }
        Flux<ServerSentEvent<ReplayProgress>> events = sink.asFlux()
                .map(p -> ServerSentEvent.builder(p).event(p.phase()).build());
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events);
    }

    /**
     * What an operator sends to skip a poison event.
     *
     * @param position the position the projection reports it is stopped at, confirming which event is skipped
     * @param reason   why it may be skipped; recorded in the operation log
     */
    @Schema(description = "Confirms the poison event to skip and says why")
    public record SkipRequest(
            @Schema(description = "the position GET .../projections reports under poison.position", example = "1234")
            Long position,

            @Schema(
                    description = "why the event may be skipped (1-500 characters)",
                    example = "written by a test build; no read model needs it")
            String reason) {}

    /**
     * A skip that was made and recorded.
     *
     * @param eventType the skipped event's stored type name
     * @param error     why the projection could not read it
     */
    @Schema(
            description =
                    "The skipped event; the skip is in the operation log as atrium.projection.ProjectionEventSkipped")
    public record SkipResponse(
            String projection, long position, String eventType, String error, String reason, String skippedBy) {}

    @PostMapping(
            path = "/{name}/skip",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Skip the poison event a projection is stopped on",
            description =
                    "A projection that meets an event no code can read stops on it (state stopped-on-poison, with the event's "
                            + "position, type and error in GET .../projections) while the others go on. Sending that position and a reason skips "
                            + "the event: the skip is recorded in the event log (and so in the operation log) first, then the projection resumes "
                            + "after it. A replay passes over skipped events. 409 when the projection is not stopped on a poison event or is "
                            + "stopped at another position; 503 when this process does not hold the event store to record the skip.")
    @ApiResponse(
            responseCode = "200",
            description = "skipped and recorded",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SkipResponse.class)))
    @ApiResponse(
            responseCode = "400",
            description = "position or reason missing or invalid",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "404",
            description = "no such projection",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "409",
            description = "not stopped on a poison event, or stopped at another position",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class)))
    public Mono<ResponseEntity<?>> skip(
            @PathVariable String name, @RequestBody SkipRequest body, Caller caller, ServerWebExchange exchange) {
        ProjectionRunner runner = runners.runner(name).orElse(null);
        if (runner == null) {
            return Mono.just(
                    problem(exchange, HttpStatus.NOT_FOUND, "not-found", "no projection '" + name + "'", Map.of()));
        }
        if (body == null || body.position() == null) {
            return Mono.just(problem(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    "invalid-input",
                    "position is required",
                    Map.of("field", "position")));
        }
        if (body.reason() == null || body.reason().isBlank() || body.reason().length() > 500) {
            return Mono.just(problem(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    "invalid-input",
                    "reason must be 1-500 characters",
                    Map.of("field", "reason")));
        }
        SkippedEventLog log = runners.skippedEvents().orElse(null);
        if (log == null) {
            return Mono.just(problem(
                    exchange,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "skip-unavailable",
                    "this process does not hold the event store, so it cannot record a skip",
                    Map.of()));
        }
        java.net.InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        EventMetadata metadata = new EventMetadata(
                caller.tenant(),
                caller.actor(),
                remote == null || remote.getAddress() == null
                        ? ""
                        : remote.getAddress().getHostAddress(),
                exchange.getRequest().getId(),
                "",
                "SkipPoisonEvent",
                java.time.Instant.now());
        // The skip writes to the event store and the read model, both blocking: off the event loop.
        return Mono.fromCallable(() -> {
                    try {
                        ProjectionEventSkipped skipped =
                                runner.skip(body.position(), body.reason().strip(), metadata, log);
                        return (ResponseEntity<?>) ResponseEntity.ok(new SkipResponse(
                                skipped.projection(),
                                skipped.position(),
                                skipped.eventType(),
                                skipped.error(),
                                skipped.reason(),
                                skipped.skippedBy().value()));
                    } catch (SkipRefusedException e) {
                        return problem(
                                exchange, HttpStatus.CONFLICT, e.rule(), e.getMessage(), Map.of("rule", e.rule()));
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseEntity<ProblemDetail> problem(
            ServerWebExchange exchange,
            HttpStatus status,
            String slug,
            @Nullable String detail,
            Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://atrium.dev/problems/" + slug));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        properties.forEach(problem::setProperty);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
