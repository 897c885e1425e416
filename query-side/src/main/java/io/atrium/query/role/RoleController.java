package io.atrium.query.role;

import io.atrium.events.access.Caller;
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

/** Lists the roles of the caller's tenant (needs {@code manage-roles}); changing them is the write side's. */
@RestController
@RequestMapping("/api/v1/roles")
@Tag(name = "Roles")
public class RoleController {

    static final String PROJECTION = "roles";

    private final RoleQueries queries;
    private final ReadYourWrites readYourWrites;
    private final Responses responses;

    public RoleController(RoleQueries queries, ReadYourWrites readYourWrites, Responses responses) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.responses = responses;
    }

    @GetMapping
    @Operation(
            summary = "The tenant's roles",
            description =
                    "The predefined roles (read-only) and the tenant's custom roles, each with the permissions it "
                            + "grants, and the permissions a custom role may grant.")
    public Mono<ResponseEntity<byte[]>> list(
            @RequestParam(required = false) Long minPosition, Caller caller, ServerWebExchange exchange) {
        return readYourWrites
                .await(PROJECTION, minPosition)
                .then(queries.list(caller.tenant()))
                .map(list -> responses.ok(list, exchange));
    }
}
