package io.atrium.command.member;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.atrium.command.member.MemberCommands.AcceptInvitation;
import io.atrium.command.member.MemberCommands.ChangePassword;
import io.atrium.command.member.MemberCommands.ConfirmSecondFactor;
import io.atrium.command.member.MemberCommands.DisableMember;
import io.atrium.command.member.MemberCommands.EndSession;
import io.atrium.command.member.MemberCommands.InviteMember;
import io.atrium.command.member.MemberCommands.MemberCommand;
import io.atrium.command.member.MemberCommands.RefreshOutcome;
import io.atrium.command.member.MemberCommands.RefreshSession;
import io.atrium.command.member.MemberCommands.RemoveMember;
import io.atrium.command.member.MemberCommands.RemoveSecondFactor;
import io.atrium.command.member.MemberCommands.StartSession;
import io.atrium.command.member.MemberCommands.UpdateMember;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

/**
 * A member of a tenant: invited with roles, sets a password by accepting the invitation, logs in to
 * sessions, can be edited, disabled and removed. Each login is a session (a token family): a refresh
 * rotates its tokens, and a refresh with a token the session has already rotated away revokes it.
 * <p>
 * The password itself never reaches the aggregate; its hash is checked and made by the login service
 * and stored through {@link Credentials}. The policy's rules on a new password are the service's too:
 * they need the password.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class Member {

    /** Longest display name. */
    public static final int MAX_NAME = 200;

    enum Status {
        INVITED,
        ACTIVE,
        DISABLED,
        REMOVED
    }

    /** A live session: the refresh token it will accept next. */
    private record Session(String refreshSha256, Instant refreshExpiresAt) {}

    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private MemberId memberId;

    @SuppressWarnings("NullAway.Init")
    private TenantId tenant;

    @SuppressWarnings("NullAway.Init")
    private String email;

    @SuppressWarnings("NullAway.Init")
    private String displayName;

    private List<String> roles = List.of();
    private Status status = Status.INVITED;
    private @Nullable String invitationSha256;
    private @Nullable Instant invitationExpiresAt;
    private boolean secondFactor;
    private @Nullable Instant passwordSetAt;
    private final Map<String, Session> sessions = new HashMap<>();

    protected Member() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Member(InviteMember command, MemberDirectory directory, KnownRoles knownRoles) {
        String name = displayName(command.displayName());
        List<String> checked = roles(command.tenant(), command.roles(), knownRoles);
        mayHold(command.tenant(), checked, command.issuer(), knownRoles);
        directory.reserveEmail(command.tenant(), command.email(), command.memberId());
        apply(new MemberInvited(
                command.memberId(),
                command.tenant(),
                command.email(),
                name,
                checked,
                command.invitationSha256(),
                command.invitationExpiresAt(),
                command.actor()));
    }

    @CommandHandler
    void handle(AcceptInvitation command, Credentials credentials) {
        mine(command);
        if (status != Status.INVITED
                || invitationSha256 == null
                || invitationExpiresAt == null
                || !equal(invitationSha256, command.invitationSha256())
                || !command.now().isBefore(invitationExpiresAt)) {
            throw new LoginRefusedException(LoginRefusedException.Kind.INVALID_TOKEN);
        }
        credentials.setPassword(memberId, command.passwordHash());
        apply(new MemberPasswordSet(
                memberId, MemberPasswordSet.INVITATION_ACCEPTED, command.hashParameters(), command.now()));
    }

    @CommandHandler
    void handle(ChangePassword command, Credentials credentials) {
        mine(command);
        active();
        spend(command.recoveryCodeSha256(), credentials);
        credentials.setPassword(memberId, command.passwordHash());
        apply(new MemberPasswordSet(memberId, command.reason(), command.hashParameters(), command.now()));
    }

    @CommandHandler
    void handle(UpdateMember command, KnownRoles knownRoles) {
        mine(command);
        if (status == Status.REMOVED) {
            throw new UnknownResourceException("member", memberId.value());
        }
        // The member as they are, and the member as they would be, must both be within the editor's reach.
        mayHold(tenant, roles, command.issuer(), knownRoles);
        String name = command.displayName() == null ? displayName : displayName(command.displayName());
        List<String> newRoles = command.roles() == null ? roles : roles(tenant, command.roles(), knownRoles);
        mayHold(tenant, newRoles, command.issuer(), knownRoles);
        apply(new MemberUpdated(memberId, name, newRoles, command.actor()));
    }

    @CommandHandler
    void handle(DisableMember command, KnownRoles knownRoles) {
        mine(command);
        mayHold(tenant, roles, command.issuer(), knownRoles);
        if (status == Status.DISABLED) {
            throw new InvariantViolation(Invariant.MEMBER_DISABLED);
        }
        apply(new MemberDisabled(memberId, command.actor()));
    }

    @CommandHandler
    void handle(RemoveMember command, MemberDirectory directory, KnownRoles knownRoles) {
        mine(command);
        mayHold(tenant, roles, command.issuer(), knownRoles);
        directory.releaseEmail(tenant, email);
        apply(new MemberRemoved(memberId, command.actor()));
    }

    @CommandHandler
    void handle(StartSession command, Credentials credentials) {
        mine(command);
        active();
        // The login checked the password set at command.passwordSetAt(); if another was set since
        // (while the hash was computed), every session has ended and this one must not start either.
        // The member table keeps the time to the microsecond (H2 rounds, MariaDB truncates), so the two
        // match within one; two passwords are never set that close, each costs a hash.
        if (passwordSetAt != null
                && command.passwordSetAt() != null
                && Math.abs(Duration.between(passwordSetAt, command.passwordSetAt())
                                .toNanos())
                        >= 1_000) {
            throw new LoginRefusedException(LoginRefusedException.Kind.INVALID_CREDENTIALS);
        }
        spend(command.recoveryCodeSha256(), credentials);
        Tokens.Pair t = command.tokens();
        apply(new MemberLoggedIn(
                memberId,
                command.sessionId(),
                t.accessSha256(),
                t.accessExpiresAt(),
                t.refreshSha256(),
                t.refreshExpiresAt(),
                command.secondFactor()));
    }

    @CommandHandler
    RefreshOutcome handle(RefreshSession command) {
        mine(command);
        active();
        Session session = sessions.get(command.sessionId());
        if (session == null || !command.now().isBefore(session.refreshExpiresAt())) {
            throw new LoginRefusedException(LoginRefusedException.Kind.INVALID_TOKEN);
        }
        if (!equal(session.refreshSha256(), command.presentedRefreshSha256())) {
            apply(new RefreshTokenReuseDetected(memberId, command.sessionId()));
            return RefreshOutcome.REUSED;
        }
        Tokens.Pair t = command.tokens();
        apply(new MemberTokenRefreshed(
                memberId,
                command.sessionId(),
                t.accessSha256(),
                t.accessExpiresAt(),
                t.refreshSha256(),
                t.refreshExpiresAt()));
        return RefreshOutcome.REFRESHED;
    }

    @CommandHandler
    void handle(EndSession command) {
        mine(command);
        Session session = sessions.get(command.sessionId());
        if (session == null) {
            throw new LoginRefusedException(LoginRefusedException.Kind.INVALID_TOKEN);
        }
        apply(new MemberLoggedOut(memberId, command.sessionId()));
    }

    @CommandHandler
    void handle(ConfirmSecondFactor command, Credentials credentials) {
        mine(command);
        active();
        if (secondFactor) {
            throw new InvariantViolation(Invariant.SECOND_FACTOR_ENROLLED);
        }
        if (!credentials.activateSecondFactor(memberId, command.recoveryCodeSha256s())) {
            throw new InvariantViolation(Invariant.NO_PENDING_ENROLMENT);
        }
        apply(new SecondFactorEnrolled(memberId, command.recoveryCodeSha256s().size()));
    }

    @CommandHandler
    void handle(RemoveSecondFactor command, Credentials credentials) {
        mine(command);
        if (!secondFactor) {
            throw new InvariantViolation(Invariant.NO_SECOND_FACTOR);
        }
        credentials.removeSecondFactor(memberId);
        apply(new SecondFactorRemoved(memberId, command.actor()));
    }

    /** A recovery code confirms one login or one password change, then never again. */
    private void spend(@Nullable String recoveryCodeSha256, Credentials credentials) {
        if (recoveryCodeSha256 == null) {
            return;
        }
        int left = credentials.spendRecoveryCode(memberId, recoveryCodeSha256);
        if (left < 0) {
            // Spent by a concurrent login a moment ago.
            throw new LoginRefusedException(LoginRefusedException.Kind.SECOND_FACTOR_REQUIRED);
        }
        apply(new RecoveryCodeUsed(memberId, left));
    }

    /** Another tenant's member, or a removed one, is unknown to the command. */
    private void mine(MemberCommand command) {
        if (!tenant.equals(command.tenant()) || status == Status.REMOVED) {
            throw new UnknownResourceException("member", memberId.value());
        }
    }

    private void active() {
        if (status != Status.ACTIVE) {
            throw new InvariantViolation(Invariant.MEMBER_NOT_ACTIVE);
        }
    }

    private static String displayName(@Nullable String value) {
        String name = value == null ? "" : value.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidValueException("displayName", "a display name must be 1-" + MAX_NAME + " characters");
        }
        return name;
    }

    private static List<String> roles(TenantId tenant, @Nullable List<String> names, KnownRoles known) {
        if (names == null || names.isEmpty()) {
            throw new InvalidValueException("roles", "a member needs at least one role");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || !known.exists(tenant, name)) {
                throw new InvalidValueException("roles[" + i + "]", "'" + name + "' is not a role of this tenant");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** Refuses unless {@code issuer} holds all that {@code roleNames} grant in {@code tenant}. */
    private static void mayHold(TenantId tenant, List<String> roleNames, Issuer issuer, KnownRoles known) {
        Set<String> names = Set.copyOf(roleNames);
        issuer.mayHandle(names, known.grants(tenant, names));
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    @EventSourcingHandler
    void on(MemberInvited e) {
        memberId = e.memberId();
        tenant = e.tenantId();
        email = e.email();
        displayName = e.displayName();
        roles = e.roles();
        invitationSha256 = e.invitationSha256();
        invitationExpiresAt = e.invitationExpiresAt();
    }

    @EventSourcingHandler
    void on(MemberPasswordSet e) {
        if (status == Status.INVITED) {
            status = Status.ACTIVE;
        }
        if (!MemberPasswordSet.INVITATION_ACCEPTED.equals(e.reason())) {
            // A new password ends every login made with the old one: whoever learnt it is out too.
            sessions.clear();
        }
        invitationSha256 = null;
        invitationExpiresAt = null;
        passwordSetAt = e.setAt();
    }

    @EventSourcingHandler
    void on(MemberUpdated e) {
        displayName = e.displayName();
        roles = e.roles();
    }

    @EventSourcingHandler
    void on(MemberDisabled e) {
        status = Status.DISABLED;
        sessions.clear();
    }

    @EventSourcingHandler
    void on(MemberRemoved e) {
        status = Status.REMOVED;
        sessions.clear();
        markDeleted();
    }

    @EventSourcingHandler
    void on(MemberLoggedIn e) {
        // Sessions whose refresh token expired before this login began can never be used again.
        sessions.values().removeIf(s -> s.refreshExpiresAt().isBefore(e.accessExpiresAt()));
        sessions.put(e.sessionId(), new Session(e.refreshSha256(), e.refreshExpiresAt()));
    }

    @EventSourcingHandler
    void on(MemberTokenRefreshed e) {
        sessions.put(e.sessionId(), new Session(e.refreshSha256(), e.refreshExpiresAt()));
    }

    @EventSourcingHandler
    void on(RefreshTokenReuseDetected e) {
        sessions.remove(e.sessionId());
    }

    @EventSourcingHandler
    void on(MemberLoggedOut e) {
        sessions.remove(e.sessionId());
    }

    @EventSourcingHandler
    void on(SecondFactorEnrolled e) {
        secondFactor = true;
    }

    @EventSourcingHandler
    void on(SecondFactorRemoved e) {
        secondFactor = false;
    }
}
