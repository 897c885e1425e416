package io.atrium.command.member.web;

import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.member.LoginPolicy;
import io.atrium.command.member.MemberCommands.SetLoginPolicy;
import io.atrium.command.member.MemberTable;
import io.atrium.command.member.Tokens;
import io.atrium.command.placement.TenantScope;
import io.atrium.events.access.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller's tenant's login policy. Needs manage-members. */
@RestController
@RequestMapping("/api/v1/login-policy")
@Tag(name = "Members")
public class LoginPolicyController {

    private final CommandDispatcher dispatcher;
    private final MemberTable table;

    public LoginPolicyController(CommandDispatcher dispatcher, MemberTable table) {
        this.dispatcher = dispatcher;
        this.table = table;
    }

    /** The policy, as read and as set (every field required on PUT). */
    public record Policy(
            @Schema(example = "12", description = "shortest password accepted (8-64)")
            Integer minLength,

            @Schema(
                    example = "[\"lower\", \"digit\"]",
                    description = "classes a password must contain: lower, upper, digit, symbol")
            List<String> requiredClasses,

            @Schema(example = "true", description = "refuse passwords on the shipped common-password list")
            Boolean rejectCommonPasswords,

            @Schema(
                    example = "90",
                    description = "days after which a password must be changed before logging in; 0 never")
            Integer expiryDays,

            @Schema(example = "5", description = "failed logins in a row that lock the address (1-100)")
            Integer maxFailedAttempts,

            @Schema(example = "15", description = "minutes a lockout lasts (1-1440)")
            Integer lockoutMinutes) {

        static Policy of(LoginPolicy p) {
            return new Policy(
                    p.minLength(),
                    p.requiredClasses(),
                    p.rejectCommonPasswords(),
                    p.expiryDays(),
                    p.maxFailedAttempts(),
                    p.lockoutMinutes());
        }
    }

    @GetMapping
    @Operation(summary = "Read the login policy", description = "The tenant's policy, or the default until one is set.")
    public Mono<ResponseEntity<Policy>> get(Caller caller, ServerWebExchange exchange) {
        return dispatcher
                .onCommandThread(() -> TenantScope.in(caller.tenant(), () -> Policy.of(table.policy(caller.tenant()))))
                .map(policy -> {
                    // A strong validator of the policy's content: the record's text names every field.
                    String etag = "\"" + Tokens.sha256(policy.toString()).substring(0, 16) + "\"";
                    String ifNoneMatch = exchange.getRequest().getHeaders().getFirst(HttpHeaders.IF_NONE_MATCH);
                    if (etag.equals(ifNoneMatch)) {
                        return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                                .eTag(etag)
                                .<Policy>build();
                    }
                    return ResponseEntity.ok().eTag(etag).body(policy);
                });
    }

    @PutMapping
    @Operation(
            summary = "Set the login policy",
            description = "Every field is required; the policy applies to the next password set and the next login.")
    public Mono<ResponseEntity<CommandAnswer>> set(
            @RequestBody Policy body, Caller caller, ServerWebExchange exchange) {
        LoginPolicy policy = LoginPolicy.of(
                body.minLength(),
                body.requiredClasses(),
                body.rejectCommonPasswords(),
                body.expiryDays(),
                body.maxFailedAttempts(),
                body.lockoutMinutes());
        return dispatcher
                .dispatch(
                        new SetLoginPolicy(caller.tenant(), caller.actor(), policy),
                        RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(a, null));
    }
}
