package io.atrium.events.member;

import io.atrium.events.AtriumEvent;

/** The facts of the login attempts against one e-mail address of a tenant: failures, lockouts, their end. */
public sealed interface LoginAttemptEvent extends AtriumEvent permits LoginFailed, LoginLockedOut, FailedLoginsCleared {

    LoginAttemptsId attemptsId();

    @Override
    default String aggregateId() {
        return attemptsId().value();
    }
}
