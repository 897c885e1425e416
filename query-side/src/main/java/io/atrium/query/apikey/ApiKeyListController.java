package io.atrium.query.apikey;

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

/** Lists the caller's tenant's API keys (needs {@code manage-keys}); issuing and revoking are the write side's. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys")
public class ApiKeyListController {

    static final String PROJECTION = "api-keys";

    private final ApiKeyQueries queries;
    private final Paging paging;

    public ApiKeyListController(ApiKeyQueries queries, Paging paging) {
        this.queries = queries;
        this.paging = paging;
    }

    @GetMapping
    @Operation(
            summary = "The tenant's API keys",
            description = "Newest first: id, name, roles, when and by whom each was issued, and whether it is revoked. "
                    + "Never the key or its hash, which only its first answer showed.")
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
