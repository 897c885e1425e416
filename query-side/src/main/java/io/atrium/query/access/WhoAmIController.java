package io.atrium.query.access;

import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import io.atrium.query.readmodel.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who the credential of the request is: what a client (the console first) needs to show only the
 * actions the caller may take, and to say why one is disabled (four eyes: the uploader's actor id).
 * It answers from the request's authenticated caller alone, so it costs no read and needs no
 * permission beyond being authenticated.
 */
@RestController
@Tag(name = "Access")
public class WhoAmIController {

    private final Responses responses;

    public WhoAmIController(Responses responses) {
        this.responses = responses;
    }

    /**
     * The caller as the API sees it.
     *
     * @param actor       the id its changes are recorded under ({@code key-…} or {@code mem-…})
     * @param kind        {@code api-key}, {@code member} or {@code platform}
     * @param tenant      the tenant it acts in
     * @param roles       the built-in roles it holds (custom roles show in {@code permissions} only)
     * @param permissions every permission its roles grant, by wire name
     */
    public record Me(String actor, String kind, String tenant, List<String> roles, List<String> permissions) {}

    @GetMapping("/api/v1/me")
    @Operation(
            summary = "Who the caller is",
            description = "The actor id the caller's changes are recorded under, its tenant, its built-in roles and "
                    + "every permission it holds. Needs only a valid credential.")
    public ResponseEntity<byte[]> me(Caller caller, ServerWebExchange exchange) {
        String kind =
                caller.keyId() != null ? "api-key" : caller.actor().value().startsWith("mem-") ? "member" : "platform";
        Me me = new Me(
                caller.actor().value(),
                kind,
                caller.tenant().value(),
                caller.roles().stream().map(Role::wireName).sorted().toList(),
                caller.permissions().stream().map(Permission::wireName).sorted().toList());
        return responses.ok(me, exchange);
    }
}
