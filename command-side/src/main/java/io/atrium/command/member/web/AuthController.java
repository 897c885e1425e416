package io.atrium.command.member.web;

import io.atrium.command.dispatch.CommandAnswer;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContexts;
import io.atrium.command.member.LoginService;
import io.atrium.command.member.MemberCommands.RemoveSecondFactor;
import io.atrium.events.access.Caller;
import io.atrium.events.member.MemberId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Login, token refresh and logout, accepting an invitation, changing a password, and a member's own
 * TOTP second factor. The first five are open routes (their body carries the credential); the second
 * factor's need the member's access token.
 */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Login")
public class AuthController {

    private final LoginService logins;
    private final CommandDispatcher dispatcher;

    public AuthController(LoginService logins, CommandDispatcher dispatcher) {
        this.logins = logins;
        this.dispatcher = dispatcher;
    }

    public record LoginRequest(
            @Schema(example = "default") String tenant,
            @Schema(example = "ada@example.com") String email,

            @Schema(example = "correct horse battery staple")
            String password,

            @Schema(
                    example = "492039",
                    description = "a TOTP code or a recovery code, when the member has a second factor")
            @Nullable
            String code) {}

    /** A new token pair: the access token authenticates as {@code Authorization: Bearer}, the refresh token renews it. */
    public record TokenAnswer(
            @Schema(example = "mem-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String memberId,

            @Schema(example = "Bearer") String tokenType,

            @Schema(example = "atm_Jt2v7Qe0cX1r5Ky8mN3pL6sW9aD4fG0hZ2bV5nC8xQ")
            String accessToken,

            @Schema(example = "2026-12-01T10:25:30Z") Instant accessTokenExpiresAt,

            @Schema(example = "atmr_P4kW8sN1vB6xM3qZ9cL2fJ7hT0dR5gY1aE8uK3wI6o")
            String refreshToken,

            @Schema(example = "2026-12-01T18:15:30Z") Instant refreshTokenExpiresAt) {

        static TokenAnswer of(LoginService.Session session) {
            return new TokenAnswer(
                    session.memberId().value(),
                    "Bearer",
                    session.tokens().accessToken(),
                    session.tokens().accessExpiresAt(),
                    session.tokens().refreshToken(),
                    session.tokens().refreshExpiresAt());
        }
    }

    public record RefreshRequest(
            @Schema(example = "atmr_P4kW8sN1vB6xM3qZ9cL2fJ7hT0dR5gY1aE8uK3wI6o")
            String refreshToken) {}

    public record MemberAnswer(
            @Schema(example = "mem-01jd8q3k5v6w7x8y9z0a1b2c3d")
            String memberId) {}

    public record AcceptRequest(
            @Schema(example = "atmi_3q9X7mK2pL5vN8wR1tY4uZ6bC0dF")
            String token,

            @Schema(example = "correct horse battery staple")
            String password) {}

    public record PasswordRequest(
            @Schema(example = "default") String tenant,
            @Schema(example = "ada@example.com") String email,

            @Schema(example = "correct horse battery staple")
            String currentPassword,

            @Schema(example = "a longer passphrase of my own")
            String newPassword,

            @Schema(example = "492039") @Nullable String code) {}

    public record EnrolAnswer(
            @Schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", description = "base32, shown once")
            String secret,

            @Schema(
                    example =
                            "otpauth://totp/Atrium%20(default):ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Atrium%20(default)&algorithm=SHA1&digits=6&period=30")
            String otpauthUri) {}

    /** The current password again: an access token alone does not change how the member logs in. */
    public record EnrolRequest(
            @Schema(example = "correct horse battery staple")
            String password) {}

    public record ConfirmRequest(@Schema(example = "492039") String code) {}

    /** The current password and a code of the factor being removed (a TOTP code or a recovery code). */
    public record RemoveFactorRequest(
            @Schema(example = "correct horse battery staple")
            String password,

            @Schema(example = "492039") String code) {}

    public record RecoveryCodes(
            @Schema(example = "[\"k7m2q-x9p4r\", \"a3d8f-h2j6k\"]", description = "ten single-use codes, shown once")
            List<String> recoveryCodes) {}

    @PostMapping("/login")
    @Operation(
            summary = "Log in",
            description = "{tenant, email, password, code?}. Answers an access token (10 minutes by default) and a "
                    + "refresh token (8 hours). A wrong address or password is 401 login-failed, the same whether the "
                    + "address belongs to a member or not; too many failures lock the address (423 login-locked, "
                    + "Retry-After); a member with a second factor without a code gets 401 second-factor-required; an "
                    + "expired password 401 password-expired (change it with POST /api/v1/auth/password).")
    public Mono<TokenAnswer> login(@RequestBody LoginRequest body, ServerWebExchange exchange) {
        return logins.login(body.tenant(), body.email(), body.password(), body.code(), origin(exchange))
                .map(TokenAnswer::of);
    }

    @PostMapping("/refresh")
    @Operation(
            summary = "Refresh the tokens",
            description =
                    "{refreshToken}: answers a new pair; the presented refresh token is spent. Presenting a spent "
                            + "one again is 401 refresh-token-reused and revokes every token of that login.")
    public Mono<TokenAnswer> refresh(@RequestBody RefreshRequest body, ServerWebExchange exchange) {
        return logins.refresh(body.refreshToken(), origin(exchange)).map(TokenAnswer::of);
    }

    @PostMapping("/logout")
    @Operation(summary = "Log out", description = "{refreshToken}: ends the login; its tokens stop working at once.")
    public Mono<MemberAnswer> logout(@RequestBody RefreshRequest body, ServerWebExchange exchange) {
        return logins.logout(body.refreshToken(), origin(exchange)).map(id -> new MemberAnswer(id.value()));
    }

    @PostMapping("/invitations/accept")
    @Operation(
            summary = "Accept an invitation",
            description = "{token, password}: sets the member's first password under the tenant's login policy "
                    + "(400 naming the rule broken); then the member can log in.")
    public Mono<MemberAnswer> accept(@RequestBody AcceptRequest body, ServerWebExchange exchange) {
        return logins.acceptInvitation(body.token(), body.password(), origin(exchange))
                .map(id -> new MemberAnswer(id.value()));
    }

    @PostMapping("/password")
    @Operation(
            summary = "Change a password",
            description = "{tenant, email, currentPassword, newPassword, code?}: checked like a login (failures count "
                    + "toward the lockout), so it also works when the password has expired.")
    public Mono<MemberAnswer> changePassword(@RequestBody PasswordRequest body, ServerWebExchange exchange) {
        return logins.changePassword(
                        body.tenant(),
                        body.email(),
                        body.currentPassword(),
                        body.newPassword(),
                        body.code(),
                        origin(exchange))
                .map(id -> new MemberAnswer(id.value()));
    }

    @PostMapping("/second-factor")
    @Operation(
            summary = "Start a TOTP enrolment",
            description = "{password}: for the calling member, whose current password is checked like a login "
                    + "(failures count toward the lockout). Answers the secret and an otpauth:// URI once; nothing "
                    + "changes until the enrolment is confirmed with a code.")
    public Mono<EnrolAnswer> enrol(
            @RequestBody(required = false) @Nullable EnrolRequest body, Caller caller, ServerWebExchange exchange) {
        return logins.enrol(caller, body == null ? null : body.password(), origin(exchange))
                .map(e -> new EnrolAnswer(e.secret(), e.otpauthUri()));
    }

    @PostMapping("/second-factor/confirm")
    @Operation(
            summary = "Confirm a TOTP enrolment",
            description = "{code}: a current code of the new secret turns the second factor on and answers ten "
                    + "single-use recovery codes, once.")
    public Mono<RecoveryCodes> confirm(@RequestBody ConfirmRequest body, Caller caller, ServerWebExchange exchange) {
        return logins.confirm(caller, body.code(), origin(exchange)).map(RecoveryCodes::new);
    }

    @DeleteMapping("/second-factor")
    @Operation(
            summary = "Remove the second factor",
            description = "{password, code}: the calling member's TOTP and recovery codes go, once the current "
                    + "password and a code of the factor (TOTP or recovery) are checked like a login.")
    public Mono<ResponseEntity<CommandAnswer>> removeSecondFactor(
            @RequestBody(required = false) @Nullable RemoveFactorRequest body,
            Caller caller,
            ServerWebExchange exchange) {
        MemberId me = LoginService.memberOf(caller);
        return logins.reauthenticate(
                        caller,
                        body == null ? null : body.password(),
                        body == null ? null : body.code(),
                        origin(exchange))
                .then(Mono.defer(() -> dispatcher.dispatch(
                        new RemoveSecondFactor(me, caller.tenant(), caller.actor()),
                        RequestContexts.of(exchange, caller, Map.of()))))
                .map(a -> RequestContexts.accepted(a, null));
    }

    /** The client's address (the security log records it) and the request's id. */
    private static LoginService.Origin origin(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = remote == null
                ? ""
                : remote.getAddress() == null
                        ? remote.getHostString()
                        : remote.getAddress().getHostAddress();
        String requestId = exchange.getRequest().getHeaders().getFirst(RequestContexts.REQUEST_ID);
        if (requestId == null || !requestId.matches("[\\x21-\\x7e]{1,128}")) {
            requestId = UUID.randomUUID().toString();
        }
        exchange.getResponse().getHeaders().set(RequestContexts.REQUEST_ID, requestId);
        return new LoginService.Origin(address, requestId);
    }
}
