package io.atrium.command.member.web;

import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.member.Email;
import io.atrium.command.member.Issuer;
import io.atrium.command.member.MemberCommands.DisableMember;
import io.atrium.command.member.MemberCommands.InviteMember;
import io.atrium.command.member.MemberCommands.RemoveMember;
import io.atrium.command.member.MemberCommands.UpdateMember;
import io.atrium.command.member.MemberProperties;
import io.atrium.command.member.Tokens;
import io.atrium.events.access.Caller;
import io.atrium.events.member.MemberId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Invites, edits, disables and removes members. Needs manage-members (owners and admins). */
@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "Members")
public class MemberCommandController {

    /** The rule every change to an existing member keeps; said once for the three operations. */
    private static final String REACH =
            "A member whose roles grant a permission the caller lacks is out of reach (403), "
                    + "and a member holding owner needs an owner (409 owner-only).";

    private final CommandDispatcher dispatcher;
    private final MemberProperties properties;
    private final Clock clock;

    public MemberCommandController(CommandDispatcher dispatcher, MemberProperties properties, Clock clock) {
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.clock = clock;
    }

    public record InviteRequest(
            @Schema(example = "ada@example.com") String email,
            @Schema(example = "Ada Lovelace") String displayName,
            @Schema(example = "[\"developer\"]") List<String> roles) {}

    /**
     * An invitation.
     *
     * @param invitationToken what the member sets a password with (POST /api/v1/auth/invitations/accept); shown
     *                        in the first answer only
     */
    public record Invited(
            @Schema(example = "mem-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String id,

            @Schema(example = "12") long position,

            @Schema(example = "atmi_3q9X7mK2pL5vN8wR1tY4uZ6bC0dF") @Nullable
            String invitationToken,

            @Schema(example = "2026-12-04T10:15:30Z") Instant invitationExpiresAt) {}

    public record UpdateRequest(
            @Schema(example = "Ada King") @Nullable String displayName,

            @Schema(example = "[\"developer\", \"reviewer\"]") @Nullable
            List<String> roles) {}

    @PostMapping
    @Operation(
            summary = "Invite a member",
            description =
                    "{email, displayName, roles}. Roles are built-in role names (developer, reviewer, operator, "
                            + "auditor, admin, owner) or the tenant's custom roles. Answers the invitation token once (only its "
                            + "SHA-256 is kept); the e-mail address must be unused in the tenant (409 member-email-taken). Nobody "
                            + "gives a role granting a permission they lack (403), and only an owner gives owner (409 owner-only).")
    public Mono<ResponseEntity<Invited>> invite(
            @RequestBody InviteRequest body, Caller caller, ServerWebExchange exchange) {
        String email = Email.parse("email", body.email());
        String token = Tokens.generate(Tokens.INVITATION);
        Instant expires = clock.instant().plus(properties.invitationTtl());
        MemberId id = MemberId.generate();
        return dispatcher
                .dispatch(
                        new InviteMember(
                                id,
                                caller.tenant(),
                                caller.actor(),
                                email,
                                body.displayName(),
                                body.roles() == null ? List.of() : body.roles(),
                                Tokens.sha256(token),
                                expires,
                                Issuer.of(caller)),
                        RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(
                        a,
                        "/api/v1/members/" + a.id(),
                        new Invited(a.id(), a.position(), a.replayed() ? null : token, expires)));
    }

    @PatchMapping("/{id}")
    @Operation(
            summary = "Edit a member",
            description = "{displayName?, roles?}: what is given replaces what was. " + REACH)
    public Mono<ResponseEntity<CommandAnswer>> update(
            @PathVariable MemberId id, @RequestBody UpdateRequest body, Caller caller, ServerWebExchange exchange) {
        return dispatcher
                .dispatch(
                        new UpdateMember(
                                id,
                                caller.tenant(),
                                caller.actor(),
                                body.displayName(),
                                body.roles(),
                                Issuer.of(caller)),
                        RequestContexts.of(exchange, caller, body))
                .map(a -> RequestContexts.accepted(a, null));
    }

    @PostMapping("/{id}/disable")
    @Operation(
            summary = "Disable a member",
            description =
                    "The member can no longer log in, and every token of theirs stops on the next request. " + REACH)
    public Mono<ResponseEntity<CommandAnswer>> disable(
            @PathVariable MemberId id, Caller caller, ServerWebExchange exchange) {
        return dispatcher
                .dispatch(
                        new DisableMember(id, caller.tenant(), caller.actor(), Issuer.of(caller)),
                        RequestContexts.of(exchange, caller, Map.of()))
                .map(a -> RequestContexts.accepted(a, null));
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Remove a member",
            description = "Sessions end and the e-mail address is free again; the member's history stays in the log. "
                    + REACH)
    public Mono<ResponseEntity<CommandAnswer>> remove(
            @PathVariable MemberId id, Caller caller, ServerWebExchange exchange) {
        return dispatcher
                .dispatch(
                        new RemoveMember(id, caller.tenant(), caller.actor(), Issuer.of(caller)),
                        RequestContexts.of(exchange, caller, Map.of()))
                .map(a -> RequestContexts.accepted(a, null));
    }
}
