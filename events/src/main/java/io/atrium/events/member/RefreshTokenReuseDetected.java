package io.atrium.events.member;

import io.atrium.events.EventType;

/**
 * A refresh token that had already been rotated was presented again: someone holds a copy. The whole
 * session (every token of that login) ended with this event.
 */
@EventType(name = "atrium.member.RefreshTokenReuseDetected")
public record RefreshTokenReuseDetected(MemberId memberId, String sessionId) implements MemberEvent {}
