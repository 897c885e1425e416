package io.atrium.events.member;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.util.List;

/**
 * The tenant's login policy, stated whole as it now is.
 *
 * @param minLength              shortest password accepted
 * @param requiredClasses        character classes a password must contain: {@code lower}, {@code upper},
 *                               {@code digit}, {@code symbol}
 * @param rejectCommonPasswords  whether passwords on the shipped common-password list are refused
 * @param expiryDays             a password older than this must be changed before the next login; 0 never
 * @param maxFailedAttempts      failed logins in a row that lock the address
 * @param lockoutMinutes         how long a lockout lasts
 */
@EventType(name = "atrium.member.LoginPolicySet")
public record LoginPolicySet(
        String policyId,
        TenantId tenantId,
        int minLength,
        List<String> requiredClasses,
        boolean rejectCommonPasswords,
        int expiryDays,
        int maxFailedAttempts,
        int lockoutMinutes,
        ActorId setBy)
        implements LoginPolicyEvent {

    public LoginPolicySet {
        requiredClasses = List.copyOf(requiredClasses);
    }
}
