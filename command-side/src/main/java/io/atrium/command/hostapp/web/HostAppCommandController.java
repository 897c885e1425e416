package io.atrium.command.hostapp.web;

import io.atrium.command.dispatch.Accepted;
import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.hostapp.HostAppCommands.AssociateMiniProgram;
import io.atrium.command.hostapp.HostAppCommands.BindBundleIds;
import io.atrium.command.hostapp.HostAppCommands.DefineCustomApi;
import io.atrium.command.hostapp.HostAppCommands.DefineMenuItem;
import io.atrium.command.hostapp.HostAppCommands.DissociateMiniProgram;
import io.atrium.command.hostapp.HostAppCommands.RegisterHostApp;
import io.atrium.command.hostapp.HostAppCommands.RotateHostAppSecret;
import io.atrium.command.hostapp.HostAppCommands.SetDomainAllowlist;
import io.atrium.command.hostapp.HostAppCommands.SetGrants;
import io.atrium.command.hostapp.SecretGenerations;
import io.atrium.command.hostapp.SecretGrace;
import io.atrium.command.keys.PlatformKeys;
import io.atrium.command.placement.TenantScope;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import io.atrium.events.hostapp.AllowedDomain;
import io.atrium.events.hostapp.BuiltinApiGroup;
import io.atrium.events.hostapp.BundleId;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppSecret;
import io.atrium.events.hostapp.HostAppSecretRotated;
import io.atrium.events.miniprogram.MiniProgramId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Every write on a host app. Each answers 202 {id, position} or a problem. */
@RestController
@RequestMapping("/api/v1/host-apps")
@Tag(name = "Host apps (write)")
public class HostAppCommandController {

    private static final String BASE = "/api/v1/host-apps/";

    private final CommandDispatcher dispatcher;
    private final PlatformKeys keys;
    private final SecretGenerations generations;
    /** The platform's clock: a grace period ends where the SDK's check (on the same clock) says it does. */
    private final java.time.Clock clock;

    public HostAppCommandController(
            CommandDispatcher dispatcher, PlatformKeys keys, SecretGenerations generations, java.time.Clock clock) {
        this.dispatcher = dispatcher;
        this.keys = keys;
        this.generations = generations;
        this.clock = clock;
    }

    public record RegisterRequest(String name, List<String> bundleIds) {}

    public record BundleIdsRequest(List<String> bundleIds) {}

    public record DomainsRequest(List<String> domains) {}

    public record CustomApiRequest(String name, String description) {}

    public record MenuRequest(String name, String title) {}

    /**
     * A registered host app.
     *
     * @param secret the host's signing secret, shown only in this answer (and a retry's)
     */
    public record Registered(
            @Schema(example = "ha-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String id,

            @Schema(example = "57") long position,

            @Schema(example = "hs_5d0c2f4b0a7e41f3b6c9d8e7f6a5b4c3")
            String secret) {}

    /**
     * A host app's new signing secret.
     *
     * @param secret the new secret, shown only in this answer (and a retry's)
     */
    public record SecretRotated(
            @Schema(example = "ha-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String id,

            @Schema(example = "58") long position,

            @Schema(example = "9b1e4c7a2f0d8e6b5a4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a")
            String secret,

            @Schema(
                    description = "Until when the previous secret is still accepted; null when it was "
                            + "refused at once (graceSeconds 0)",
                    example = "2026-12-02T09:00:00Z",
                    nullable = true)
            @Nullable
            Instant previousSecretValidUntil) {}

    /**
     * How long the previous secret keeps working.
     *
     * @param graceSeconds 0 to 2592000 (30 days); absent means 86400 (24 hours); 0 refuses the old secret at once
     */
    public record RotateSecretRequest(
            @Schema(example = "86400", minimum = "0", maximum = "2592000", nullable = true) @Nullable
            Long graceSeconds) {}

    public record GrantsRequest(List<String> apiGroups, List<String> apis, List<String> menus, List<String> scopes) {}

    @PostMapping
    @Operation(
            summary = "Register a host app",
            description = "Needs operator or admin. Answers {id, position, secret}: the signing "
                    + "secret is shown here only (a retry with the same Idempotency-Key shows it again).")
    public Mono<ResponseEntity<Registered>> register(
            @RequestBody RegisterRequest body, Caller caller, ServerWebExchange exchange) {
        HostAppId id = HostAppId.generate();
        List<BundleId> bundleIds = values("bundleIds", body.bundleIds(), BundleId::parse);
        return dispatcher
                .dispatch(
                        new RegisterHostApp(id, caller.tenant(), caller.actor(), body.name(), bundleIds),
                        RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(
                        a,
                        BASE + a.id(),
                        new Registered(
                                a.id(),
                                a.position(),
                                HostAppSecret.derive(keys.masterKey(), new HostAppId(a.id()), 1))));
    }

    @PostMapping("/{id}/secret")
    @Operation(
            summary = "Rotate the signing secret",
            description = "Needs operator or admin. Optional body {graceSeconds} (0 to 2592000, default 86400). "
                    + "Answers {id, position, secret, previousSecretValidUntil}: the new signing secret is shown "
                    + "here only (a retry with the same Idempotency-Key shows it again). The previous secret keeps "
                    + "working until previousSecretValidUntil, then every node refuses it; an older secret still in "
                    + "the grace of an earlier rotation is refused once the read model has reached position.")
    public Mono<ResponseEntity<SecretRotated>> rotateSecret(
            @PathVariable HostAppId id,
            @RequestBody(required = false) @Nullable RotateSecretRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        RotateSecretRequest request = body == null ? new RotateSecretRequest(null) : body;
        SecretGrace grace = SecretGrace.ofSeconds(request.graceSeconds());
        RequestContext context = RequestContexts.of(exchange, caller, request);
        RotateHostAppSecret command =
                new RotateHostAppSecret(id, caller.tenant(), caller.actor(), grace, clock.instant());
        // The generation is read back from the recorded event, so a retry shows the secret its first answer showed.
        return dispatcher.onCommandThread(() -> {
            Accepted a = dispatcher.execute(command, context);
            // Read back from the caller's tenant's database, where the command recorded it.
            HostAppSecretRotated rotated =
                    TenantScope.in(caller.tenant(), () -> generations.rotatedTo(id, a.position()));
            return RequestContexts.accepted(
                    a,
                    BASE + a.id(),
                    new SecretRotated(
                            a.id(),
                            a.position(),
                            HostAppSecret.derive(keys.masterKey(), id, rotated.secretGeneration()),
                            rotated.previousSecretValidUntil()));
        });
    }

    @PutMapping("/{id}/bundle-ids")
    @Operation(
            summary = "Set the bundle ids / package names",
            description = "{bundleIds: [...]}, replacing the current ones.")
    public Mono<ResponseEntity<CommandAnswer>> bundleIds(
            @PathVariable HostAppId id, @RequestBody BundleIdsRequest body, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new BindBundleIds(
                        id, caller.tenant(), caller.actor(), values("bundleIds", body.bundleIds(), BundleId::parse)),
                caller,
                exchange,
                body);
    }

    @PutMapping("/{id}/domains")
    @Operation(
            summary = "Set the domain allowlist",
            description = "{domains: [\"api.example.com\", \"*.example.com\"]}, replacing the list.")
    public Mono<ResponseEntity<CommandAnswer>> domains(
            @PathVariable HostAppId id, @RequestBody DomainsRequest body, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new SetDomainAllowlist(
                        id, caller.tenant(), caller.actor(), values("domains", body.domains(), AllowedDomain::parse)),
                caller,
                exchange,
                body);
    }

    @PutMapping("/{id}/mini-programs/{mpId}")
    @Operation(
            summary = "Associate a mini-program",
            description = "The mini-program must exist in the caller's tenant.")
    public Mono<ResponseEntity<CommandAnswer>> associate(
            @PathVariable HostAppId id, @PathVariable MiniProgramId mpId, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new AssociateMiniProgram(id, caller.tenant(), caller.actor(), mpId), caller, exchange, Map.of());
    }

    @DeleteMapping("/{id}/mini-programs/{mpId}")
    @Operation(summary = "Dissociate a mini-program", description = "Its grants go with it.")
    public Mono<ResponseEntity<CommandAnswer>> dissociate(
            @PathVariable HostAppId id, @PathVariable MiniProgramId mpId, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new DissociateMiniProgram(id, caller.tenant(), caller.actor(), mpId), caller, exchange, Map.of());
    }

    @PostMapping("/{id}/custom-apis")
    @Operation(summary = "Define a custom host API", description = "{name, description}")
    public Mono<ResponseEntity<CommandAnswer>> customApi(
            @PathVariable HostAppId id, @RequestBody CustomApiRequest body, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new DefineCustomApi(id, caller.tenant(), caller.actor(), body.name(), body.description()),
                caller,
                exchange,
                body);
    }

    @PostMapping("/{id}/menus")
    @Operation(summary = "Define a menu item", description = "{name, title}")
    public Mono<ResponseEntity<CommandAnswer>> menu(
            @PathVariable HostAppId id, @RequestBody MenuRequest body, Caller caller, ServerWebExchange exchange) {
        return dispatch(
                new DefineMenuItem(id, caller.tenant(), caller.actor(), body.name(), body.title()),
                caller,
                exchange,
                body);
    }

    @PutMapping("/{id}/grants/{mpId}")
    @Operation(
            summary = "Grant APIs, menus and scopes to an associated mini-program",
            description =
                    "{apis, menus, scopes, apiGroups}; apis and menus must be defined by the host app. apiGroups defaults to ui, navigation, storage.")
    public Mono<ResponseEntity<CommandAnswer>> grants(
            @PathVariable HostAppId id,
            @PathVariable MiniProgramId mpId,
            @RequestBody GrantsRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        List<BuiltinApiGroup> groups = body.apiGroups() == null
                ? BuiltinApiGroup.BASELINE.stream().sorted().toList()
                : values("apiGroups", body.apiGroups(), BuiltinApiGroup::of);
        return dispatch(
                new SetGrants(
                        id,
                        caller.tenant(),
                        caller.actor(),
                        mpId,
                        groups,
                        orEmpty(body.apis()),
                        orEmpty(body.menus()),
                        orEmpty(body.scopes())),
                caller,
                exchange,
                body);
    }

    private Mono<ResponseEntity<CommandAnswer>> dispatch(
            AtriumCommand command, Caller caller, ServerWebExchange exchange, Object body) {
        return dispatcher
                .dispatch(command, RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(a, BASE + a.id()));
    }

    private static <T> List<T> values(String field, List<String> raw, Function<String, T> parse) {
        if (raw == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            try {
                out.add(parse.apply(raw.get(i)));
            } catch (InvalidValueException e) {
                throw new InvalidValueException(field + "[" + i + "]", e.reason());
            }
        }
        return out;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
