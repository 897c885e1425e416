package io.atrium.command.apikey.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyCommands.RevokeApiKey;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.apikey.ApiKeys;
import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.role.TenantRoles;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import io.atrium.events.role.RoleName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Issues and revokes API keys. Needs owner or admin; only an owner issues or revokes owner keys. The
 * list of keys is the read side's ({@code GET /api/v1/api-keys}).
 */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys")
public class ApiKeyCommandController {

    private final CommandDispatcher dispatcher;
    private final TenantRoles tenantRoles;

    public ApiKeyCommandController(CommandDispatcher dispatcher, TenantRoles tenantRoles) {
        this.dispatcher = dispatcher;
        this.tenantRoles = tenantRoles;
    }

    public record IssueRequest(
            @Schema(example = "ci pipeline") String name,
            @Schema(example = "[\"developer\"]") List<String> roles) {}

    /**
     * An issued key.
     *
     * @param key    the key itself, shown in the first answer only
     * @param notice instead of the key, in the answer to a retried request
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Issued(
            @Schema(example = "key-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String id,

            @Schema(example = "12") long position,

            @Schema(example = "atr_3q9X7mK2pL5vN8wR1tY4uZ6bC0dF") @Nullable
            String key,

            @Nullable String notice) {}

    @PostMapping
    @Operation(
            summary = "Issue an API key",
            description =
                    "{name, roles}: built-in role names and the names of the tenant's custom roles; a key's custom "
                            + "roles grant nothing the issuer does not hold (403). Answers {id, position, key}: the key is shown once and stored "
                            + "only as its SHA-256. A retry with the same Idempotency-Key answers the same id and position without the key.")
    public Mono<ResponseEntity<Issued>> issue(
            @RequestBody IssueRequest body, Caller caller, ServerWebExchange exchange) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> customRoles = new TreeSet<>();
        Map<String, Integer> customAt = new java.util.LinkedHashMap<>();
        if (body.roles() != null) {
            for (int i = 0; i < body.roles().size(); i++) {
                String role = body.roles().get(i);
                try {
                    // A built-in role's name, or the name of one of the tenant's custom roles (checked by the key).
                    if (RoleName.isBuiltIn(role)) {
                        roles.add(Role.of(role));
                    } else {
                        customRoles.add(RoleName.parse(role).value());
                        customAt.putIfAbsent(role, i);
                    }
                } catch (InvalidValueException e) {
                    throw new InvalidValueException("roles[" + i + "]", e.reason());
                }
            }
        }
        String key = ApiKeys.generate();
        ApiKeyId id = ApiKeyId.generate();
        // The key checks again as it is issued; asking here first names the entry at fault (roles[1]).
        Mono<Boolean> known = customAt.isEmpty()
                ? Mono.just(true)
                : dispatcher.onCommandThread(() -> {
                    customAt.forEach((role, i) -> {
                        if (!tenantRoles.exists(caller.tenant(), role)) {
                            throw new InvalidValueException(
                                    "roles[" + i + "]", "'" + role + "' is not a role of this tenant");
                        }
                    });
                    return true;
                });
        return known.then(dispatcher
                .dispatch(
                        new IssueApiKey(
                                id,
                                caller.tenant(),
                                caller.actor(),
                                body.name(),
                                roles,
                                ApiKeyTable.sha256(key),
                                caller.roles(),
                                customRoles,
                                caller.permissions()),
                        RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(
                        a,
                        null,
                        a.replayed()
                                ? new Issued(
                                        a.id(),
                                        a.position(),
                                        null,
                                        "the key was shown only in the first answer; revoke this one and issue another if it was lost")
                                : new Issued(a.id(), a.position(), key, null))));
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Revoke an API key",
            description = "It stops authenticating at once on this node. Only an owner revokes an "
                    + "owner key (403), and the tenant's last owner key cannot be revoked (409 last-owner-key).")
    public Mono<ResponseEntity<CommandAnswer>> revoke(
            @PathVariable ApiKeyId id, Caller caller, ServerWebExchange exchange) {
        return dispatcher
                .dispatch(
                        new RevokeApiKey(id, caller.tenant(), caller.actor(), caller.roles()),
                        RequestContexts.of(exchange, caller, Map.of()))
                .map(a -> RequestContexts.accepted(a, null));
    }
}
