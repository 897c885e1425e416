package io.atrium.events.member;

import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A login was refused: the security log's "login failed" entry, recorded for unknown addresses too
 * (the caller was told the same in both cases). The password tried is never recorded. The client's
 * address is in the event's metadata.
 *
 * @param memberId      the member with this address, null when there is none
 * @param reason        {@code bad-credentials}, {@code unknown-account}, {@code disabled},
 *                      {@code second-factor}, {@code totp-replayed}, {@code locked} or
 *                      {@code password-expired}
 * @param failuresInRow failed attempts since the last success or lockout, this one included
 */
@EventType(name = "atrium.member.LoginFailed")
public record LoginFailed(
        LoginAttemptsId attemptsId,
        TenantId tenantId,
        String email,
        @Nullable MemberId memberId,
        String reason,
        int failuresInRow)
        implements LoginAttemptEvent {}
