package io.atrium.command.member;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.member.LoginAttemptsId;
import io.atrium.events.member.LoginPolicyEvent;
import io.atrium.events.member.MemberId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** The commands of the Member, LoginAttempts and TenantLoginPolicy aggregates. */
public final class MemberCommands {

    private MemberCommands() {}

    /** Commands addressed to one member. */
    public interface MemberCommand extends AtriumCommand {
        MemberId memberId();

        @Override
        default String targetId() {
            return memberId().value();
        }
    }

    /**
     * @param email            already checked and lower-cased ({@link Email})
     * @param invitationSha256 SHA-256 of the token the inviter is answered once
     */
    public record InviteMember(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            String email,
            String displayName,
            List<String> roles,
            String invitationSha256,
            Instant invitationExpiresAt,
            Issuer issuer)
            implements MemberCommand {}

    /** @param passwordHash PHC string of the new password; the aggregate never sees the password */
    public record AcceptInvitation(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            String invitationSha256,
            String passwordHash,
            String hashParameters,
            Instant now)
            implements MemberCommand {}

    /**
     * @param reason             {@code changed} or {@code expired-change}
     * @param recoveryCodeSha256 the recovery code the change was confirmed with, spent in this transaction
     */
    public record ChangePassword(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            String passwordHash,
            String hashParameters,
            String reason,
            Instant now,
            @Nullable String recoveryCodeSha256)
            implements MemberCommand {}

    /** Null leaves a field as it is. */
    public record UpdateMember(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            @Nullable String displayName,
            @Nullable List<String> roles,
            Issuer issuer)
            implements MemberCommand {}

    public record DisableMember(
            @TargetAggregateIdentifier MemberId memberId, TenantId tenant, ActorId actor, Issuer issuer)
            implements MemberCommand {}

    public record RemoveMember(
            @TargetAggregateIdentifier MemberId memberId, TenantId tenant, ActorId actor, Issuer issuer)
            implements MemberCommand {}

    /**
     * A login whose password (and second factor, if any) the login service has checked.
     *
     * @param secondFactor        {@code totp}, {@code recovery-code} or null
     * @param recoveryCodeSha256  the recovery code used, to be spent in this transaction; null otherwise
     */
    /**
     * @param passwordSetAt when the password the login checked was set, as the member table had it: a
     *                      password changed since (while the hash was computed) refuses the session
     */
    public record StartSession(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            String sessionId,
            Tokens.Pair tokens,
            @Nullable String secondFactor,
            @Nullable String recoveryCodeSha256,
            @Nullable Instant passwordSetAt)
            implements MemberCommand {}

    /** Answers a {@link RefreshOutcome}. */
    public record RefreshSession(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            String sessionId,
            String presentedRefreshSha256,
            Tokens.Pair tokens,
            Instant now)
            implements MemberCommand {}

    public record EndSession(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            String sessionId,
            String presentedRefreshSha256)
            implements MemberCommand {}

    /** The pending TOTP secret was confirmed with a valid code; these recovery codes' hashes become valid. */
    public record ConfirmSecondFactor(
            @TargetAggregateIdentifier MemberId memberId,
            TenantId tenant,
            ActorId actor,
            List<String> recoveryCodeSha256s)
            implements MemberCommand {}

    public record RemoveSecondFactor(
            @TargetAggregateIdentifier MemberId memberId, TenantId tenant, ActorId actor) implements MemberCommand {}

    /** What a refresh did. */
    public enum RefreshOutcome {
        REFRESHED,
        /** The token had been rotated already: the session is now revoked. */
        REUSED
    }

    /**
     * One login attempt against an address, already judged by the login service.
     *
     * @param memberId      the member with the address, null for none
     * @param failureReason null when the credentials were right
     */
    public record RecordLoginAttempt(
            @TargetAggregateIdentifier LoginAttemptsId attemptsId,
            TenantId tenant,
            ActorId actor,
            String email,
            @Nullable MemberId memberId,
            @Nullable String failureReason,
            LoginPolicy policy,
            Instant now)
            implements AtriumCommand {
        @Override
        public String targetId() {
            return attemptsId.value();
        }
    }

    /** What the attempts' aggregate decided. */
    public enum LoginVerdict {
        ALLOWED,
        REFUSED,
        LOCKED
    }

    public record SetLoginPolicy(
            @TargetAggregateIdentifier String policyId, TenantId tenant, ActorId actor, LoginPolicy policy)
            implements AtriumCommand {
        public SetLoginPolicy(TenantId tenant, ActorId actor, LoginPolicy policy) {
            this(LoginPolicyEvent.idOf(tenant), tenant, actor, policy);
        }

        @Override
        public String targetId() {
            return policyId;
        }
    }
}
