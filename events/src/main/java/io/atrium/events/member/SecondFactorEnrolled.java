package io.atrium.events.member;

import io.atrium.events.EventType;

/**
 * The member confirmed a TOTP authenticator with a valid code; logins now ask for a code. The secret
 * and the recovery codes' hashes are in the credential table only.
 */
@EventType(name = "atrium.member.SecondFactorEnrolled")
public record SecondFactorEnrolled(MemberId memberId, int recoveryCodes) implements MemberEvent {}
