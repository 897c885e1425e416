package io.atrium.events.member;

import io.atrium.events.EventType;
import io.atrium.events.TenantId;
import java.time.Instant;

/** Too many failed attempts: logins with this address are refused until {@code lockedUntil}. */
@EventType(name = "atrium.member.LoginLockedOut")
public record LoginLockedOut(
        LoginAttemptsId attemptsId, TenantId tenantId, String email, Instant lockedUntil, int failures)
        implements LoginAttemptEvent {}
