package io.atrium.query.hostapp;

import io.atrium.events.access.Caller;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.query.problem.QueryProblemMapper.NotFoundException;
import io.atrium.query.readmodel.Paging;
import io.atrium.query.readmodel.ReadYourWrites;
import io.atrium.query.readmodel.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Host apps over HTTP. */
@RestController
@RequestMapping("/api/v1/host-apps")
@Tag(name = "Host apps (read)")
public class HostAppController {

    static final String PROJECTION = "host-apps";

    private final HostAppQueries queries;
    private final ReadYourWrites readYourWrites;
    private final Responses responses;
    private final Paging paging;

    public HostAppController(
            HostAppQueries queries, ReadYourWrites readYourWrites, Responses responses, Paging paging) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.responses = responses;
        this.paging = paging;
    }

    @GetMapping
    @Operation(summary = "Host apps with bundle ids, domains, APIs, menus and grants")
    public Mono<ResponseEntity<byte[]>> list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        return paging.answer(
                PROJECTION, page, size, minPosition, exchange, (p, s) -> queries.list(caller.tenant(), p, s));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One host app")
    public Mono<ResponseEntity<byte[]>> find(
            @PathVariable HostAppId id,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        return readYourWrites
                .await(PROJECTION, minPosition)
                .then(queries.find(caller.tenant(), id.value()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no host app " + id)))
                .map(dto -> responses.ok(dto, exchange));
    }
}
