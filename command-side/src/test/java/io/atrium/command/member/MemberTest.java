package io.atrium.command.member;

import static io.atrium.command.Violations.invalid;
import static io.atrium.command.Violations.violates;

import io.atrium.command.member.LoginRefusedException.Kind;
import io.atrium.command.member.MemberCommands.AcceptInvitation;
import io.atrium.command.member.MemberCommands.ChangePassword;
import io.atrium.command.member.MemberCommands.ConfirmSecondFactor;
import io.atrium.command.member.MemberCommands.DisableMember;
import io.atrium.command.member.MemberCommands.EndSession;
import io.atrium.command.member.MemberCommands.InviteMember;
import io.atrium.command.member.MemberCommands.RefreshOutcome;
import io.atrium.command.member.MemberCommands.RefreshSession;
import io.atrium.command.member.MemberCommands.RemoveMember;
import io.atrium.command.member.MemberCommands.RemoveSecondFactor;
import io.atrium.command.member.MemberCommands.StartSession;
import io.atrium.command.member.MemberCommands.UpdateMember;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.AccessDeniedException;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import io.atrium.events.member.MemberDisabled;
import io.atrium.events.member.MemberId;
import io.atrium.events.member.MemberInvited;
import io.atrium.events.member.MemberLoggedIn;
import io.atrium.events.member.MemberLoggedOut;
import io.atrium.events.member.MemberPasswordSet;
import io.atrium.events.member.MemberRemoved;
import io.atrium.events.member.MemberTokenRefreshed;
import io.atrium.events.member.MemberUpdated;
import io.atrium.events.member.RecoveryCodeUsed;
import io.atrium.events.member.RefreshTokenReuseDetected;
import io.atrium.events.member.SecondFactorEnrolled;
import io.atrium.events.member.SecondFactorRemoved;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberTest {

    static final MemberId ID = new MemberId("mem-01jd0000000000000000000000");
    static final TenantId TENANT = TenantId.DEFAULT;
    static final ActorId ADMIN = new ActorId("key-admin");
    static final ActorId SELF = ID.asActor();
    static final Issuer AS_ADMIN = new Issuer(Set.of(Role.ADMIN), Permission.grantedBy(Set.of(Role.ADMIN)));
    static final Issuer AS_OWNER = new Issuer(Set.of(Role.OWNER), Permission.grantedBy(Set.of(Role.OWNER)));
    static final String EMAIL = "ada@example.com";
    static final String INVITATION = "1".repeat(64);
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    static final Instant EXPIRES = NOW.plusSeconds(3600);
    static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    static final Tokens.Pair PAIR =
            new Tokens.Pair("a".repeat(64), NOW.plusSeconds(600), "r".repeat(64), NOW.plusSeconds(28_800));
    static final Tokens.Pair NEXT =
            new Tokens.Pair("b".repeat(64), NOW.plusSeconds(900), "s".repeat(64), NOW.plusSeconds(29_000));

    static final MemberInvited INVITED =
            new MemberInvited(ID, TENANT, EMAIL, "Ada", List.of("developer"), INVITATION, EXPIRES, ADMIN);
    static final MemberPasswordSet ACCEPTED =
            new MemberPasswordSet(ID, MemberPasswordSet.INVITATION_ACCEPTED, "m=19456,t=2,p=1", NOW);
    static final MemberLoggedIn LOGGED_IN = new MemberLoggedIn(
            ID,
            "ses-1",
            PAIR.accessSha256(),
            PAIR.accessExpiresAt(),
            PAIR.refreshSha256(),
            PAIR.refreshExpiresAt(),
            null);

    private FixtureConfiguration<Member> fixture;
    /** The in-memory stand-ins of the member table's two ports. */
    private final Map<String, MemberId> addresses = new HashMap<>();

    private final Map<MemberId, String> passwords = new HashMap<>();
    private final Set<String> recoveryCodes = new HashSet<>();
    private boolean pendingSecret;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Member.class);
        fixture.registerInjectableResource(new MemberDirectory() {
            @Override
            public void reserveEmail(TenantId tenant, String email, MemberId member) {
                if (addresses.putIfAbsent(tenant + "/" + email, member) != null) {
                    throw new InvariantViolation(Invariant.MEMBER_EMAIL_TAKEN, email);
                }
            }

            @Override
            public void releaseEmail(TenantId tenant, String email) {
                addresses.remove(tenant + "/" + email);
            }
        });
        fixture.registerInjectableResource(new Credentials() {
            @Override
            public void setPassword(MemberId member, String passwordHash) {
                passwords.put(member, passwordHash);
            }

            @Override
            public boolean activateSecondFactor(MemberId member, List<String> codes) {
                if (!pendingSecret) {
                    return false;
                }
                recoveryCodes.addAll(codes);
                return true;
            }

            @Override
            public void removeSecondFactor(MemberId member) {
                recoveryCodes.clear();
            }

            @Override
            public int spendRecoveryCode(MemberId member, String codeSha256) {
                return recoveryCodes.remove(codeSha256) ? recoveryCodes.size() : -1;
            }
        });
        fixture.registerInjectableResource(new BuiltInRoles());
    }

    private static Matcher<Object> refused(Kind kind) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof LoginRefusedException e && e.kind() == kind;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a login refusal of kind " + kind);
            }
        };
    }

    // ---- invite ----

    @Test
    void invitesWithCheckedRolesAndTheInvitationsHashOnly() {
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID,
                        TENANT,
                        ADMIN,
                        EMAIL,
                        " Ada ",
                        List.of("developer", "developer"),
                        INVITATION,
                        EXPIRES,
                        AS_ADMIN))
                .expectEvents(INVITED);
    }

    @Test
    void refusesAnUnknownRoleNoRoleOrNoName() {
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("developer", "wizard"), INVITATION, EXPIRES, AS_ADMIN))
                .expectException(invalid("roles[1]"));
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("platform-operator"), INVITATION, EXPIRES, AS_ADMIN))
                .expectException(invalid("roles[0]"));
        fixture.givenNoPriorActivity()
                .when(new InviteMember(ID, TENANT, ADMIN, EMAIL, "Ada", List.of(), INVITATION, EXPIRES, AS_ADMIN))
                .expectException(invalid("roles"));
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "  ", List.of("developer"), INVITATION, EXPIRES, AS_ADMIN))
                .expectException(invalid("displayName"));
    }

    @Test
    void refusesAnAddressAnotherMemberOfTheTenantHas() {
        addresses.put(TENANT + "/" + EMAIL, new MemberId("mem-01jd00000000000000000other"));
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("developer"), INVITATION, EXPIRES, AS_ADMIN))
                .expectException(violates(Invariant.MEMBER_EMAIL_TAKEN));
    }

    // ---- passwords ----

    @Test
    void acceptsTheInvitationWithItsTokenBeforeItExpires() {
        fixture.given(INVITED)
                .when(new AcceptInvitation(ID, TENANT, SELF, INVITATION, HASH, "m=19456,t=2,p=1", NOW))
                .expectEvents(ACCEPTED);
        org.assertj.core.api.Assertions.assertThat(passwords).containsEntry(ID, HASH);
    }

    @Test
    void refusesAWrongExpiredOrSpentInvitation() {
        fixture.given(INVITED)
                .when(new AcceptInvitation(ID, TENANT, SELF, "2".repeat(64), HASH, "p", NOW))
                .expectException(refused(Kind.INVALID_TOKEN));
        fixture.given(INVITED)
                .when(new AcceptInvitation(ID, TENANT, SELF, INVITATION, HASH, "p", EXPIRES))
                .expectException(refused(Kind.INVALID_TOKEN));
        fixture.given(INVITED, ACCEPTED)
                .when(new AcceptInvitation(ID, TENANT, SELF, INVITATION, HASH, "p", NOW))
                .expectException(refused(Kind.INVALID_TOKEN));
    }

    @Test
    void changesThePasswordOfAnActiveMemberOnly() {
        MemberPasswordSet changed = new MemberPasswordSet(ID, MemberPasswordSet.EXPIRED_CHANGE, "m=19456,t=2,p=1", NOW);
        fixture.given(INVITED, ACCEPTED)
                .when(new ChangePassword(
                        ID, TENANT, SELF, HASH, "m=19456,t=2,p=1", MemberPasswordSet.EXPIRED_CHANGE, NOW, null))
                .expectEvents(changed);
        fixture.given(INVITED)
                .when(new ChangePassword(ID, TENANT, SELF, HASH, "p", MemberPasswordSet.CHANGED, NOW, null))
                .expectException(violates(Invariant.MEMBER_NOT_ACTIVE));
        fixture.given(INVITED, ACCEPTED, new MemberDisabled(ID, ADMIN))
                .when(new ChangePassword(ID, TENANT, SELF, HASH, "p", MemberPasswordSet.CHANGED, NOW, null))
                .expectException(violates(Invariant.MEMBER_NOT_ACTIVE));
    }

    @Test
    void aNewPasswordEndsEveryEarlierLogin() {
        MemberPasswordSet changed = new MemberPasswordSet(ID, MemberPasswordSet.CHANGED, "p", NOW);
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, changed)
                .when(new RefreshSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256(), NEXT, NOW))
                .expectException(refused(Kind.INVALID_TOKEN));
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, changed)
                .when(new EndSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256()))
                .expectException(refused(Kind.INVALID_TOKEN));
    }

    @Test
    void aLoginCheckedAgainstAPasswordChangedSinceStartsNoSession() {
        // The login read the password set at NOW and hashed; meanwhile the member set another one.
        MemberPasswordSet changed = new MemberPasswordSet(ID, MemberPasswordSet.CHANGED, "p", NOW.plusMillis(40));
        fixture.given(INVITED, ACCEPTED, changed)
                .when(new StartSession(ID, TENANT, SELF, "ses-2", PAIR, null, null, NOW))
                .expectException(refused(Kind.INVALID_CREDENTIALS));
        fixture.given(INVITED, ACCEPTED, changed)
                .when(new StartSession(ID, TENANT, SELF, "ses-2", PAIR, null, null, NOW.plusMillis(40)))
                .expectSuccessfulHandlerExecution();
        // The table keeps microseconds, truncated (MariaDB) or rounded (H2): a login that read the time
        // back from it still matches.
        MemberPasswordSet precise = new MemberPasswordSet(ID, MemberPasswordSet.CHANGED, "p", NOW.plusNanos(1_234_567));
        fixture.given(INVITED, ACCEPTED, precise)
                .when(new StartSession(ID, TENANT, SELF, "ses-2", PAIR, null, null, NOW.plusNanos(1_234_000)))
                .expectSuccessfulHandlerExecution();
        fixture.given(INVITED, ACCEPTED, precise)
                .when(new StartSession(ID, TENANT, SELF, "ses-2", PAIR, null, null, NOW.plusNanos(1_235_000)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRecoveryCodeConfirmsOnePasswordChangeAndIsSpent() {
        recoveryCodes.addAll(List.of("c1", "c2"));
        fixture.given(INVITED, ACCEPTED, new SecondFactorEnrolled(ID, 2))
                .when(new ChangePassword(ID, TENANT, SELF, HASH, "p", MemberPasswordSet.CHANGED, NOW, "c1"))
                .expectEvents(
                        new RecoveryCodeUsed(ID, 1), new MemberPasswordSet(ID, MemberPasswordSet.CHANGED, "p", NOW));
        fixture.given(INVITED, ACCEPTED, new SecondFactorEnrolled(ID, 2))
                .when(new ChangePassword(ID, TENANT, SELF, HASH, "p", MemberPasswordSet.CHANGED, NOW, "c1"))
                .expectException(refused(Kind.SECOND_FACTOR_REQUIRED));
    }

    // ---- edit, disable, remove ----

    @Test
    void editsNameAndRolesKeepingWhatIsNotGiven() {
        fixture.given(INVITED, ACCEPTED)
                .when(new UpdateMember(ID, TENANT, ADMIN, null, List.of("reviewer"), AS_ADMIN))
                .expectEvents(new MemberUpdated(ID, "Ada", List.of("reviewer"), ADMIN));
        fixture.given(INVITED, ACCEPTED)
                .when(new UpdateMember(ID, TENANT, ADMIN, "Ada K", null, AS_ADMIN))
                .expectEvents(new MemberUpdated(ID, "Ada K", List.of("developer"), ADMIN));
        fixture.given(INVITED)
                .when(new UpdateMember(ID, TENANT, ADMIN, null, List.of("nope"), AS_ADMIN))
                .expectException(invalid("roles[0]"));
    }

    @Test
    void nobodyHandsOutMoreThanTheyHold() {
        // An admin lacks manage-owner-keys: neither owner nor a role granting what admin lacks is theirs to give.
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("owner"), INVITATION, EXPIRES, AS_ADMIN))
                .expectException(AccessDeniedException.class);
        Issuer membersOnly = new Issuer(Set.of(), Set.of(Permission.MANAGE_MEMBERS));
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("developer"), INVITATION, EXPIRES, membersOnly))
                .expectException(AccessDeniedException.class);
        fixture.given(INVITED, ACCEPTED)
                .when(new UpdateMember(ID, TENANT, ADMIN, null, List.of("admin"), membersOnly))
                .expectException(AccessDeniedException.class);
        // Someone holding every permission but not the owner role still may not make an owner.
        Issuer everything = new Issuer(Set.of(Role.ADMIN), AS_OWNER.permissions());
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("owner"), INVITATION, EXPIRES, everything))
                .expectException(violates(Invariant.OWNER_ONLY));
        fixture.givenNoPriorActivity()
                .when(new InviteMember(
                        ID, TENANT, ADMIN, EMAIL, "Ada", List.of("owner"), INVITATION, EXPIRES, AS_OWNER))
                .expectEvents(
                        new MemberInvited(ID, TENANT, EMAIL, "Ada", List.of("owner"), INVITATION, EXPIRES, ADMIN));
    }

    @Test
    void aMemberWhoHoldsMoreThanTheCallerIsOutOfReach() {
        MemberInvited owner = new MemberInvited(ID, TENANT, EMAIL, "Ada", List.of("owner"), INVITATION, EXPIRES, ADMIN);
        fixture.given(owner, ACCEPTED)
                .when(new UpdateMember(ID, TENANT, ADMIN, null, List.of("developer"), AS_ADMIN))
                .expectException(AccessDeniedException.class);
        fixture.given(owner, ACCEPTED)
                .when(new DisableMember(ID, TENANT, ADMIN, AS_ADMIN))
                .expectException(AccessDeniedException.class);
        fixture.given(owner, ACCEPTED)
                .when(new RemoveMember(ID, TENANT, ADMIN, AS_ADMIN))
                .expectException(AccessDeniedException.class);
        fixture.given(owner, ACCEPTED)
                .when(new DisableMember(ID, TENANT, ADMIN, AS_OWNER))
                .expectEvents(new MemberDisabled(ID, ADMIN));
        // A plain member editor may not touch an admin either: admin grants what manage-members alone lacks.
        MemberInvited admin = new MemberInvited(ID, TENANT, EMAIL, "Ada", List.of("admin"), INVITATION, EXPIRES, ADMIN);
        fixture.given(admin, ACCEPTED)
                .when(new DisableMember(ID, TENANT, ADMIN, new Issuer(Set.of(), Set.of(Permission.MANAGE_MEMBERS))))
                .expectException(AccessDeniedException.class);
    }

    @Test
    void anotherTenantsMemberIsUnknown() {
        fixture.given(INVITED)
                .when(new DisableMember(ID, new TenantId("other"), ADMIN, AS_ADMIN))
                .expectException(UnknownResourceException.class);
    }

    @Test
    void disablesOnceAndADisabledMemberStartsNoSession() {
        fixture.given(INVITED, ACCEPTED, LOGGED_IN)
                .when(new DisableMember(ID, TENANT, ADMIN, AS_ADMIN))
                .expectEvents(new MemberDisabled(ID, ADMIN));
        fixture.given(INVITED, new MemberDisabled(ID, ADMIN))
                .when(new DisableMember(ID, TENANT, ADMIN, AS_ADMIN))
                .expectException(violates(Invariant.MEMBER_DISABLED));
        fixture.given(INVITED, ACCEPTED, new MemberDisabled(ID, ADMIN))
                .when(new StartSession(ID, TENANT, SELF, "ses-2", PAIR, null, null, null))
                .expectException(violates(Invariant.MEMBER_NOT_ACTIVE));
        // Disabling ended the session: its refresh token no longer works.
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, new MemberDisabled(ID, ADMIN))
                .when(new RefreshSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256(), NEXT, NOW))
                .expectException(violates(Invariant.MEMBER_NOT_ACTIVE));
    }

    @Test
    void removesAndFreesTheAddress() {
        addresses.put(TENANT + "/" + EMAIL, ID);
        fixture.given(INVITED, ACCEPTED)
                .when(new RemoveMember(ID, TENANT, ADMIN, AS_ADMIN))
                .expectEvents(new MemberRemoved(ID, ADMIN))
                .expectMarkedDeleted();
        org.assertj.core.api.Assertions.assertThat(addresses).isEmpty();
    }

    // ---- sessions ----

    @Test
    void startsASessionAndSpendsARecoveryCodeOnce() {
        fixture.given(INVITED, ACCEPTED)
                .when(new StartSession(ID, TENANT, SELF, "ses-1", PAIR, null, null, null))
                .expectEvents(LOGGED_IN);
        recoveryCodes.addAll(List.of("c1", "c2"));
        fixture.given(INVITED, ACCEPTED)
                .when(new StartSession(ID, TENANT, SELF, "ses-1", PAIR, "recovery-code", "c1", null))
                .expectEvents(
                        new RecoveryCodeUsed(ID, 1),
                        new MemberLoggedIn(
                                ID,
                                "ses-1",
                                PAIR.accessSha256(),
                                PAIR.accessExpiresAt(),
                                PAIR.refreshSha256(),
                                PAIR.refreshExpiresAt(),
                                "recovery-code"));
        fixture.given(INVITED, ACCEPTED)
                .when(new StartSession(ID, TENANT, SELF, "ses-1", PAIR, "recovery-code", "c1", null))
                .expectException(refused(Kind.SECOND_FACTOR_REQUIRED));
    }

    @Test
    void aRefreshRotatesTheSessionsTokens() {
        fixture.given(INVITED, ACCEPTED, LOGGED_IN)
                .when(new RefreshSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256(), NEXT, NOW))
                .expectEvents(new MemberTokenRefreshed(
                        ID,
                        "ses-1",
                        NEXT.accessSha256(),
                        NEXT.accessExpiresAt(),
                        NEXT.refreshSha256(),
                        NEXT.refreshExpiresAt()))
                .expectResultMessagePayload(RefreshOutcome.REFRESHED);
    }

    @Test
    void aSpentRefreshTokenRevokesTheSession() {
        MemberTokenRefreshed rotated = new MemberTokenRefreshed(
                ID,
                "ses-1",
                NEXT.accessSha256(),
                NEXT.accessExpiresAt(),
                NEXT.refreshSha256(),
                NEXT.refreshExpiresAt());
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, rotated)
                .when(new RefreshSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256(), PAIR, NOW))
                .expectEvents(new RefreshTokenReuseDetected(ID, "ses-1"))
                .expectResultMessagePayload(RefreshOutcome.REUSED);
        // After the reuse, the session is gone: even its newest token is refused.
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, rotated, new RefreshTokenReuseDetected(ID, "ses-1"))
                .when(new RefreshSession(ID, TENANT, SELF, "ses-1", NEXT.refreshSha256(), PAIR, NOW))
                .expectException(refused(Kind.INVALID_TOKEN));
    }

    @Test
    void anExpiredRefreshTokenOrAnEndedSessionIsRefused() {
        fixture.given(INVITED, ACCEPTED, LOGGED_IN)
                .when(new RefreshSession(
                        ID, TENANT, SELF, "ses-1", PAIR.refreshSha256(), NEXT, PAIR.refreshExpiresAt()))
                .expectException(refused(Kind.INVALID_TOKEN));
        fixture.given(INVITED, ACCEPTED, LOGGED_IN)
                .when(new EndSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256()))
                .expectEvents(new MemberLoggedOut(ID, "ses-1"));
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, new MemberLoggedOut(ID, "ses-1"))
                .when(new EndSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256()))
                .expectException(refused(Kind.INVALID_TOKEN));
        fixture.given(INVITED, ACCEPTED, LOGGED_IN, new MemberLoggedOut(ID, "ses-1"))
                .when(new RefreshSession(ID, TENANT, SELF, "ses-1", PAIR.refreshSha256(), NEXT, NOW))
                .expectException(refused(Kind.INVALID_TOKEN));
    }

    // ---- second factor ----

    @Test
    void confirmsAPendingSecondFactorOnce() {
        pendingSecret = true;
        fixture.given(INVITED, ACCEPTED)
                .when(new ConfirmSecondFactor(ID, TENANT, SELF, List.of("c1", "c2")))
                .expectEvents(new SecondFactorEnrolled(ID, 2));
        fixture.given(INVITED, ACCEPTED, new SecondFactorEnrolled(ID, 10))
                .when(new ConfirmSecondFactor(ID, TENANT, SELF, List.of("c1")))
                .expectException(violates(Invariant.SECOND_FACTOR_ENROLLED));
        pendingSecret = false;
        fixture.given(INVITED, ACCEPTED)
                .when(new ConfirmSecondFactor(ID, TENANT, SELF, List.of("c1")))
                .expectException(violates(Invariant.NO_PENDING_ENROLMENT));
    }

    @Test
    void removesASecondFactorThatExists() {
        fixture.given(INVITED, ACCEPTED, new SecondFactorEnrolled(ID, 10))
                .when(new RemoveSecondFactor(ID, TENANT, SELF))
                .expectEvents(new SecondFactorRemoved(ID, SELF));
        fixture.given(INVITED, ACCEPTED)
                .when(new RemoveSecondFactor(ID, TENANT, SELF))
                .expectException(violates(Invariant.NO_SECOND_FACTOR));
    }
}
