package io.atrium.events.member;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;

/** The member can no longer log in, and every session of theirs ended with this event. */
@EventType(name = "atrium.member.MemberDisabled")
public record MemberDisabled(MemberId memberId, ActorId disabledBy) implements MemberEvent {}
