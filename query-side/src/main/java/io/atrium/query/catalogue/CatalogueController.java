package io.atrium.query.catalogue;

import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.query.problem.QueryProblemMapper.NotFoundException;
import io.atrium.query.readmodel.ReadYourWrites;
import io.atrium.query.readmodel.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The catalogue over HTTP. Every read takes {@code ?minPosition=} to read a write it just made. */
@RestController
@RequestMapping("/api/v1/mini-programs")
@Tag(name = "Mini-programs (read)")
public class CatalogueController {

    static final String PROJECTION = "catalogue";
    private static final Set<String> STATES = Set.of("listed", "delisted");

    private final CatalogueQueries queries;
    private final ReadYourWrites readYourWrites;
    private final Responses responses;
    private final io.atrium.query.readmodel.Paging paging;

    public CatalogueController(
            CatalogueQueries queries,
            ReadYourWrites readYourWrites,
            Responses responses,
            io.atrium.query.readmodel.Paging paging) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.responses = responses;
        this.paging = paging;
    }

    /** A mini-program's versions, newest first. */
    public record Versions(List<MiniProgramDto.VersionDto> items) {}

    @GetMapping
    @Operation(
            summary = "The catalogue",
            description = "q (name or description), state (listed|delisted), category, page (from 0), size")
    public Mono<ResponseEntity<byte[]>> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String category,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        if (state != null && !STATES.contains(state)) {
            throw new InvalidValueException("state", "state must be listed or delisted");
        }
        paging.check(page, size);
        if (q != null && q.length() > 100) {
            throw new InvalidValueException("q", "q is at most 100 characters");
        }
        return readYourWrites
                .await(PROJECTION, minPosition)
                .then(queries.list(caller.tenant(), q, state, category, page, size))
                .map(p -> responses.ok(p, exchange));
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "One mini-program with its versions, current and gray release",
            description = "?asOf=<ISO instant> answers it as it stood then, rebuilt from its events")
    public Mono<ResponseEntity<byte[]>> find(
            @PathVariable MiniProgramId id,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        Mono<MiniProgramDto> found;
        if (asOf != null) {
            Instant at;
            try {
                at = Instant.parse(asOf);
            } catch (DateTimeParseException e) {
                throw new InvalidValueException("asOf", "asOf must be an ISO-8601 instant, e.g. 2026-11-28T10:15:30Z");
            }
            found = readYourWrites
                    .await("audit-log", minPosition)
                    .then(queries.asOf(caller.tenant(), id.value(), at))
                    .switchIfEmpty(
                            Mono.error(() -> new NotFoundException("no mini-program " + id + " existed at " + at)));
        } else {
            found = readYourWrites
                    .await(PROJECTION, minPosition)
                    .then(queries.find(caller.tenant(), id.value()))
                    .switchIfEmpty(Mono.error(() -> new NotFoundException("no mini-program " + id)));
        }
        return found.map(dto -> responses.ok(dto, exchange));
    }

    @GetMapping("/{id}/versions")
    @Operation(summary = "A mini-program's versions with their review state")
    public Mono<ResponseEntity<byte[]>> versions(
            @PathVariable MiniProgramId id,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        return readYourWrites
                .await(PROJECTION, minPosition)
                .then(queries.exists(caller.tenant(), id.value()))
                .flatMap(exists -> exists
                        ? queries.versions(caller.tenant(), id.value()).collectList()
                        : Mono.error(new NotFoundException("no mini-program " + id)))
                .map(list -> responses.ok(new Versions(list), exchange));
    }
}
