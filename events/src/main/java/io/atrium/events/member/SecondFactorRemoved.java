package io.atrium.events.member;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;

/** The member's TOTP authenticator and recovery codes were removed. */
@EventType(name = "atrium.member.SecondFactorRemoved")
public record SecondFactorRemoved(MemberId memberId, ActorId removedBy) implements MemberEvent {}
