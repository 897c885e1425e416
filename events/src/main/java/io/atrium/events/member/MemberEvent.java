package io.atrium.events.member;

import io.atrium.events.AtriumEvent;

/**
 * The facts of a member's life: invited, password set, edited, disabled, removed, and each login
 * session (started, refreshed, ended). Secrets are never in these events: a password hash or a TOTP
 * secret lives only in the write side's credential table, tokens appear only as SHA-256 digests.
 */
public sealed interface MemberEvent extends AtriumEvent
        permits MemberInvited,
                MemberPasswordSet,
                MemberUpdated,
                MemberDisabled,
                MemberRemoved,
                MemberLoggedIn,
                MemberTokenRefreshed,
                RefreshTokenReuseDetected,
                MemberLoggedOut,
                SecondFactorEnrolled,
                SecondFactorRemoved,
                RecoveryCodeUsed {

    MemberId memberId();

    @Override
    default String aggregateId() {
        return memberId().value();
    }
}
