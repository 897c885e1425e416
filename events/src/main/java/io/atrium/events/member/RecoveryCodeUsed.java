package io.atrium.events.member;

import io.atrium.events.EventType;

/** A login used one of the member's recovery codes instead of a TOTP code; it cannot be used again. */
@EventType(name = "atrium.member.RecoveryCodeUsed")
public record RecoveryCodeUsed(MemberId memberId, int remaining) implements MemberEvent {}
