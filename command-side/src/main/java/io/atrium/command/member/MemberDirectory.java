package io.atrium.command.member;

import io.atrium.events.TenantId;
import io.atrium.events.member.MemberId;

/**
 * What the Member aggregate needs to keep e-mail addresses unique within a tenant: each member is an
 * aggregate of its own, so two invitations of one address would each see none. The adapter holds the
 * address under a unique key in the command's transaction; the second invitation waits for the first
 * to commit, then fails.
 */
public interface MemberDirectory {

    /** @throws io.atrium.command.problem.InvariantViolation {@code member-email-taken} when another member has it */
    void reserveEmail(TenantId tenant, String email, MemberId member);

    void releaseEmail(TenantId tenant, String email);
}
