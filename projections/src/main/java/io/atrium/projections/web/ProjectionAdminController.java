package io.atrium.projections.web;

import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ProjectionRunners;
import io.atrium.projections.runner.ProjectionStatus;
import io.atrium.projections.runner.ReplayProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** Projection status and lag; replay with progress streamed as SSE. Owner or admin only. */
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
    public ResponseEntity<?> status(ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> refused = refuse(exchange);
        if (refused != null) {
            return refused;
        }
        List<ProjectionStatus> status = runners.status();
        return ResponseEntity.ok(Map.of("projections", status));
    }

    @PostMapping(path = "/{name}/replay", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Rebuild a projection from the first event into shadow tables, then swap them in",
            description = "Streams progress as server-sent events (phase, events done and total, rate, seconds left). The replay goes on "
                    + "if the stream is closed; GET .../projections shows it.")
    public ResponseEntity<?> replay(@PathVariable String name, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> refused = refuse(exchange);
        if (refused != null) {
            return refused;
        }
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
            return problem(exchange, HttpStatus.CONFLICT, "replay-running", "a replay of '" + name + "' is already running",
                    Map.of("rule", "one-replay-at-a-time"));
        }
        Flux<ServerSentEvent<ReplayProgress>> events = sink.asFlux()
                .map(p -> ServerSentEvent.builder(p).event(p.phase()).build());
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events);
    }

    private static ResponseEntity<ProblemDetail> refuse(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            return problem(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "send an API key as 'Authorization: Bearer <key>'", Map.of());
        }
        try {
            caller.require(Permission.ADMINISTER);
            return null;
        } catch (AccessDeniedException e) {
            return problem(exchange, HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), Map.of("permission", "administer"));
        }
    }

    private static ResponseEntity<ProblemDetail> problem(ServerWebExchange exchange, HttpStatus status, String slug, String detail,
                                                         Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://atrium.dev/problems/" + slug));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        properties.forEach(problem::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
