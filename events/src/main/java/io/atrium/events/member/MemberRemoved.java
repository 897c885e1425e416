package io.atrium.events.member;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;

/** The member is gone: sessions ended, e-mail address free for another invitation. History stays. */
@EventType(name = "atrium.member.MemberRemoved")
public record MemberRemoved(MemberId memberId, ActorId removedBy) implements MemberEvent {}
