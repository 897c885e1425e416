package io.atrium.command.member;

import io.atrium.command.member.MemberCommands.LoginVerdict;
import io.atrium.command.member.MemberCommands.RecordLoginAttempt;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.member.FailedLoginsCleared;
import io.atrium.events.member.LoginAttemptsId;
import io.atrium.events.member.LoginFailed;
import io.atrium.events.member.LoginLockedOut;
import io.atrium.events.member.MemberId;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginAttemptsTest {

    static final TenantId TENANT = TenantId.DEFAULT;
    static final String EMAIL = "ada@example.com";
    static final LoginAttemptsId ID = LoginAttemptsId.of(TENANT, EMAIL);
    static final MemberId MEMBER = new MemberId("mem-01jd0000000000000000000000");
    static final ActorId ACTOR = MEMBER.asActor();
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    /** Three failures lock for ten minutes. */
    static final LoginPolicy POLICY = new LoginPolicy(12, List.of(), true, 0, 3, 10);

    private FixtureConfiguration<LoginAttempts> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(LoginAttempts.class);
    }

    private static RecordLoginAttempt attempt(String failure, Instant at) {
        return new RecordLoginAttempt(ID, TENANT, ACTOR, EMAIL, MEMBER, failure, POLICY, at);
    }

    private static LoginFailed failed(int inRow) {
        return new LoginFailed(ID, TENANT, EMAIL, MEMBER, "bad-credentials", inRow);
    }

    @Test
    void theFirstFailureStartsTheAddresssStream() {
        fixture.givenNoPriorActivity()
                .when(attempt("bad-credentials", NOW))
                .expectEvents(failed(1))
                .expectResultMessagePayload(LoginVerdict.REFUSED);
    }

    @Test
    void anUnknownAddressIsCountedLikeAMembers() {
        fixture.givenNoPriorActivity()
                .when(new RecordLoginAttempt(
                        ID, TENANT, LoginService.ANONYMOUS, EMAIL, null, "unknown-account", POLICY, NOW))
                .expectEvents(new LoginFailed(ID, TENANT, EMAIL, null, "unknown-account", 1))
                .expectResultMessagePayload(LoginVerdict.REFUSED);
    }

    @Test
    void locksWhenFailuresReachThePolicysLimit() {
        fixture.given(failed(1), failed(2))
                .when(attempt("bad-credentials", NOW))
                .expectEvents(failed(3), new LoginLockedOut(ID, TENANT, EMAIL, NOW.plusSeconds(600), 3))
                .expectResultMessagePayload(LoginVerdict.LOCKED);
    }

    @Test
    void refusesEvenTheRightPasswordWhileLocked() {
        fixture.given(failed(1), failed(2), failed(3), new LoginLockedOut(ID, TENANT, EMAIL, NOW.plusSeconds(600), 3))
                .when(attempt(null, NOW.plusSeconds(599)))
                .expectEvents(new LoginFailed(ID, TENANT, EMAIL, MEMBER, LoginAttempts.LOCKED, 0))
                .expectResultMessagePayload(LoginVerdict.LOCKED);
    }

    @Test
    void afterTheLockoutTheRightPasswordClearsItAndAFailureCountsFromOne() {
        LoginLockedOut locked = new LoginLockedOut(ID, TENANT, EMAIL, NOW.plusSeconds(600), 3);
        fixture.given(failed(1), failed(2), failed(3), locked)
                .when(attempt(null, NOW.plusSeconds(600)))
                .expectEvents(new FailedLoginsCleared(ID, MEMBER))
                .expectResultMessagePayload(LoginVerdict.ALLOWED);
        fixture.given(failed(1), failed(2), failed(3), locked)
                .when(attempt("bad-credentials", NOW.plusSeconds(601)))
                .expectEvents(failed(1))
                .expectResultMessagePayload(LoginVerdict.REFUSED);
    }

    @Test
    void aSuccessClearsFailuresAndRecordsNothingWhenThereAreNone() {
        fixture.given(failed(1))
                .when(attempt(null, NOW))
                .expectEvents(new FailedLoginsCleared(ID, MEMBER))
                .expectResultMessagePayload(LoginVerdict.ALLOWED);
        fixture.given(failed(1), new FailedLoginsCleared(ID, MEMBER))
                .when(attempt(null, NOW))
                .expectNoEvents()
                .expectResultMessagePayload(LoginVerdict.ALLOWED);
    }
}
