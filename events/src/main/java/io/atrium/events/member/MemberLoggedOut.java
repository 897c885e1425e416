package io.atrium.events.member;

import io.atrium.events.EventType;

/** The member ended the session; its tokens stop working. */
@EventType(name = "atrium.member.MemberLoggedOut")
public record MemberLoggedOut(MemberId memberId, String sessionId) implements MemberEvent {}
