package io.atrium.command.tenant.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.apikey.ApiKeys;
import io.atrium.command.dispatch.Accepted;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.command.tenant.TenantCommands.CreateTenant;
import io.atrium.command.tenant.TenantCommands.DeleteTenant;
import io.atrium.command.tenant.TenantCommands.ResumeTenant;
import io.atrium.command.tenant.TenantCommands.SuspendTenant;
import io.atrium.command.tenant.TenantCommands.TenantCommand;
import io.atrium.command.tenant.TenantState;
import io.atrium.command.tenant.TenantTable;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tenants, for platform operators: create one (with its first owner key), list them, suspend, resume
 * and delete. The list is read from the write side's tenant table, the same table the security path
 * refuses a suspended tenant's credentials by, so what an operator sees is what is enforced.
 */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants")
public class TenantController {

    private static final String BASE = "/api/v1/tenants/";

    private final CommandDispatcher dispatcher;
    private final TenantTable table;

    public TenantController(CommandDispatcher dispatcher, TenantTable table) {
        this.dispatcher = dispatcher;
        this.table = table;
    }

    /**
     * @param ownerKeyName the name of the first owner key (default "first owner")
     */
    public record CreateTenantRequest(
            @Schema(example = "acme") String id,
            @Schema(example = "ACME Corporation") String name,
            @Schema(example = "acme bootstrap") @Nullable String ownerKeyName) {}

    public record SuspendTenantRequest(
            @Schema(example = "invoice overdue") String reason) {}

    /**
     * A created tenant.
     *
     * @param ownerKeyId the first owner key's id
     * @param ownerKey   the first owner key itself, shown in this answer only
     * @param notice     instead of the key, in the answer to a retried request
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantCreatedAnswer(
            @Schema(example = "acme") String id,
            @Schema(example = "57") long position,

            @Schema(example = "key-01jd8q3k5v6w7x8y9z0a1b2c3d") @Nullable
            String ownerKeyId,

            @Schema(example = "atr_3q9X7mK2pL5vN8wR1tY4uZ6bC0dF") @Nullable
            String ownerKey,

            @Nullable String notice) {}

    /** A tenant command recorded. */
    public record TenantChanged(
            @Schema(example = "acme") String id,
            @Schema(example = "58") long position) {}

    /**
     * A tenant as platform operators see it.
     *
     * @param platform true for the platform's own tenant, which exists without being created and cannot be
     *                 suspended or deleted
     * @param reason   why it was suspended or deleted, while it is
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantDto(
            @Schema(example = "acme") String id,
            @Schema(example = "ACME Corporation") String name,

            @Schema(
                    example = "active",
                    allowableValues = {"active", "suspended", "deleted"})
            String state,

            boolean platform,
            @Nullable String reason,
            @Nullable Instant createdAt,
            @Nullable Instant changedAt) {}

    /** Every tenant, the platform's own first. */
    public record TenantList(
            List<TenantDto> items, @Schema(example = "2") long total) {}

    @PostMapping
    @Operation(
            summary = "Create a tenant",
            description = "Needs platform-operator. {id, name, ownerKeyName?}. Answers {id, position, ownerKeyId, "
                    + "ownerKey}: the tenant's first owner key, shown once, so the tenant can act at once. An id that "
                    + "exists, or existed, is a 409 (rule tenant-exists).")
    public Mono<ResponseEntity<TenantCreatedAnswer>> create(
            @RequestBody CreateTenantRequest body, Caller caller, ServerWebExchange exchange) {
        TenantId id = TenantId.parse(body.id());
        RequestContext context = RequestContexts.of(exchange, caller, body);
        String keyName =
                body.ownerKeyName() == null || body.ownerKeyName().isBlank() ? "first owner" : body.ownerKeyName();
        return dispatcher.onCommandThread(() -> {
            Accepted created =
                    dispatcher.execute(new CreateTenant(id, caller.tenant(), caller.actor(), body.name()), context);
            if (created.replayed()) {
                return RequestContexts.accepted(
                        created,
                        BASE + id.value(),
                        new TenantCreatedAnswer(
                                id.value(),
                                created.position(),
                                null,
                                null,
                                "the owner key was shown only in the first answer; a platform operator cannot read it back"));
            }
            // The first owner key is the new tenant's: recorded under the tenant (its operation log shows who
            // issued it, the platform operator) with the owner role, not the operator's own roles.
            String key = ApiKeys.generate();
            Caller issuer = new Caller(caller.actor(), caller.keyId(), id, Set.of(Role.OWNER), Set.of());
            Accepted issued = dispatcher.execute(
                    new IssueApiKey(
                            ApiKeyId.generate(),
                            id,
                            caller.actor(),
                            keyName,
                            Set.of(Role.OWNER),
                            ApiKeyTable.sha256(key),
                            issuer.roles()),
                    new RequestContext(issuer, context.clientAddress(), context.correlationId(), null, ""));
            return RequestContexts.accepted(
                    created,
                    BASE + id.value(),
                    new TenantCreatedAnswer(id.value(), issued.position(), issued.id(), key, null));
        });
    }

    @GetMapping
    @Operation(
            summary = "List tenants",
            description = "Needs platform-operator. Every tenant with its state; the platform's own tenant "
                    + "(default) comes first, marked platform: true.")
    public Mono<TenantList> list() {
        return dispatcher.onCommandThread(() -> {
            List<TenantDto> items = new ArrayList<>();
            items.add(platformTenant());
            table.all().stream().map(TenantController::dto).forEach(items::add);
            return new TenantList(items, items.size());
        });
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a tenant", description = "Needs platform-operator.")
    public Mono<TenantDto> find(@PathVariable TenantId id) {
        if (id.equals(TenantId.DEFAULT)) {
            return Mono.just(platformTenant());
        }
        return dispatcher.onCommandThread(() -> table.find(id)
                .map(TenantController::dto)
                .orElseThrow(() -> new UnknownResourceException("tenant", id.value())));
    }

    @PostMapping("/{id}/suspend")
    @Operation(
            summary = "Suspend a tenant",
            description = "Needs platform-operator. {reason}. From the next request its API keys are refused "
                    + "(401 tenant-suspended) and its host apps get no manifests or packages; nothing is removed.")
    public Mono<ResponseEntity<TenantChanged>> suspend(
            @PathVariable TenantId id,
            @RequestBody SuspendTenantRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        return change(new SuspendTenant(id, caller.tenant(), caller.actor(), body.reason()), caller, exchange, body);
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a suspended tenant", description = "Needs platform-operator.")
    public Mono<ResponseEntity<TenantChanged>> resume(
            @PathVariable TenantId id, Caller caller, ServerWebExchange exchange) {
        return change(new ResumeTenant(id, caller.tenant(), caller.actor()), caller, exchange, Map.of());
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Delete a tenant",
            description = "Needs platform-operator. Its credentials stop working at once (401 tenant-deleted) and "
                    + "its host apps get nothing; its events and read models are kept for audit and its id is never "
                    + "given again. It cannot be resumed.")
    public Mono<ResponseEntity<TenantChanged>> delete(
            @PathVariable TenantId id,
            @RequestParam(required = false) @Nullable String reason,
            Caller caller,
            ServerWebExchange exchange) {
        String why = reason == null ? "" : reason;
        return change(
                new DeleteTenant(id, caller.tenant(), caller.actor(), why), caller, exchange, Map.of("reason", why));
    }

    private Mono<ResponseEntity<TenantChanged>> change(
            TenantCommand command, Caller caller, ServerWebExchange exchange, Object body) {
        if (command.subject().equals(TenantId.DEFAULT)) {
            throw new InvariantViolation(Invariant.PLATFORM_TENANT);
        }
        RequestContext context = RequestContexts.of(exchange, caller, body);
        return dispatcher.onCommandThread(() -> {
            // A tenant that was never created is unknown (404), not a lifecycle conflict.
            if (!table.exists(command.subject())) {
                throw new UnknownResourceException("tenant", command.subject().value());
            }
            Accepted a = dispatcher.execute(command, context);
            return RequestContexts.accepted(
                    a,
                    BASE + command.subject().value(),
                    new TenantChanged(command.subject().value(), a.position()));
        });
    }

    private static TenantDto platformTenant() {
        return new TenantDto(
                TenantId.DEFAULT.value(), "Platform", TenantState.ACTIVE.wireName(), true, null, null, null);
    }

    private static TenantDto dto(TenantTable.TenantRow row) {
        return new TenantDto(
                row.id().value(),
                row.name(),
                row.state().wireName(),
                false,
                row.state() == TenantState.ACTIVE ? null : row.reason(),
                row.createdAt(),
                row.changedAt());
    }
}
