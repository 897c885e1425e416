package io.atrium.query.member;

import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.query.QuerySideProperties;
import io.atrium.query.readmodel.ReadYourWrites;
import io.atrium.query.readmodel.Responses;
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
    private final ReadYourWrites readYourWrites;
    private final Responses responses;
    private final int maxPageSize;

    public MemberController(
            MemberQueries queries, ReadYourWrites readYourWrites, Responses responses, QuerySideProperties properties) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.responses = responses;
        this.maxPageSize = properties.query().maxPageSize();
    }

    @GetMapping
    @Operation(summary = "Members of the tenant, in invitation order (no secrets)")
    public Mono<ResponseEntity<byte[]>> list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) Long minPosition,
            Caller caller,
            ServerWebExchange exchange) {
        if (page < 0) {
            throw new InvalidValueException("page", "page starts at 0");
        }
        if (size < 1 || size > maxPageSize) {
            throw new InvalidValueException("size", "size must be 1-" + maxPageSize);
        }
        return readYourWrites
                .await(PROJECTION, minPosition)
                .then(queries.list(caller.tenant(), page, size))
                .map(p -> responses.ok(p, exchange));
    }
}
