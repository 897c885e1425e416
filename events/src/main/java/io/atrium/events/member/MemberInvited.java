package io.atrium.events.member;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * An owner or admin invited someone. The invitation token was answered once to the inviter; only its
 * SHA-256 is kept.
 *
 * @param email               lower-cased; unique among the tenant's members
 * @param roles               role names, built-in ({@code developer}) or the tenant's custom ones
 * @param invitationSha256    hex SHA-256 of the invitation token
 * @param invitationExpiresAt after this the token no longer sets a password
 */
@EventType(name = "atrium.member.MemberInvited")
public record MemberInvited(
        MemberId memberId,
        TenantId tenantId,
        String email,
        String displayName,
        List<String> roles,
        String invitationSha256,
        Instant invitationExpiresAt,
        ActorId invitedBy)
        implements MemberEvent {

    public MemberInvited {
        roles = List.copyOf(roles);
    }
}
