package io.atrium.events.member;

import io.atrium.events.EventType;
import java.time.Instant;

/** A refresh token was used: the session got a new pair, and the presented refresh token is spent. */
@EventType(name = "atrium.member.MemberTokenRefreshed")
public record MemberTokenRefreshed(
        MemberId memberId,
        String sessionId,
        String accessSha256,
        Instant accessExpiresAt,
        String refreshSha256,
        Instant refreshExpiresAt)
        implements MemberEvent {}
