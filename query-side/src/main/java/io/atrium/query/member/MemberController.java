package io.atrium.query.member;

import io.atrium.events.access.Caller;
import io.atrium.query.readmodel.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller's tenant's members. */
@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "Members")
public class MemberController {

    static final String PROJECTION = "members";

    private final MemberQueries queries;
    private final Paging paging;

    public MemberController(MemberQueries queries, Paging paging) {
        this.queries = queries;
        this.paging = paging;
    }

    @GetMapping
    @Operation(summary = "Members of the tenant, in invitation order (no secrets)")
    public Mono<ResponseEntity<byte[]>> list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        return paging.answer(
                PROJECTION, page, size, minPosition, exchange, (p, s) -> queries.list(caller.tenant(), p, s));
    }
}
