package io.atrium.events.member;

import io.atrium.events.EventType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A login succeeded and started a session (a token family): the security log's "login succeeded"
 * entry; the client's address is in the event's metadata. Tokens appear as SHA-256 digests only.
 *
 * @param sessionId    the family every token refreshed from this login belongs to
 * @param secondFactor {@code totp}, {@code recovery-code}, or null when none was asked
 */
@EventType(name = "atrium.member.MemberLoggedIn")
public record MemberLoggedIn(
        MemberId memberId,
        String sessionId,
        String accessSha256,
        Instant accessExpiresAt,
        String refreshSha256,
        Instant refreshExpiresAt,
        @Nullable String secondFactor)
        implements MemberEvent {}
