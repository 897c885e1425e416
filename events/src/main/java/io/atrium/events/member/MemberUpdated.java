package io.atrium.events.member;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.List;

/** The member's display name or roles were changed; both are stated as they now are. */
@EventType(name = "atrium.member.MemberUpdated")
public record MemberUpdated(MemberId memberId, String displayName, List<String> roles, ActorId updatedBy)
        implements MemberEvent {

    public MemberUpdated {
        roles = List.copyOf(roles);
    }
}
