package io.atrium.events.member;

import io.atrium.events.EventType;
import java.time.Instant;

/**
 * The member's password was set: on accepting the invitation, by a change, or by the change forced
 * when it had expired. The hash itself is not here (see {@link MemberEvent}). A set other than on
 * accepting the invitation ends every session the member had: a login made with the old password,
 * by whoever knew it, does not outlive it.
 *
 * @param reason         {@code invitation-accepted}, {@code changed} or {@code expired-change}
 * @param hashParameters the Argon2id parameters the new hash was made with, e.g. {@code m=19456,t=2,p=1}
 * @param setAt          when, by the platform's clock: password expiry counts from here
 */
@EventType(name = "atrium.member.MemberPasswordSet")
public record MemberPasswordSet(MemberId memberId, String reason, String hashParameters, Instant setAt)
        implements MemberEvent {

    public static final String INVITATION_ACCEPTED = "invitation-accepted";
    public static final String CHANGED = "changed";
    public static final String EXPIRED_CHANGE = "expired-change";
}
