package io.atrium.events.member;

import io.atrium.events.EventType;

/** A successful login after failed ones: the count of failures in a row starts again. */
@EventType(name = "atrium.member.FailedLoginsCleared")
public record FailedLoginsCleared(LoginAttemptsId attemptsId, MemberId memberId) implements LoginAttemptEvent {}
