package io.atrium.command.member;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.member.MemberCommands.LoginVerdict;
import io.atrium.command.member.MemberCommands.RecordLoginAttempt;
import io.atrium.events.member.FailedLoginsCleared;
import io.atrium.events.member.LoginAttemptsId;
import io.atrium.events.member.LoginFailed;
import io.atrium.events.member.LoginLockedOut;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

/**
 * The login attempts against one e-mail address of a tenant, member or not: counts failures in a row
 * and locks the address for the policy's minutes once they reach its limit. Because an unknown
 * address gets exactly the same stream, events and answers as a member's, neither the answers nor
 * their timing tell whether an account exists. While locked, every attempt is refused, even with the
 * right password (and recorded as a failure with reason {@code locked}).
 * <p>
 * The stream is created by the first failure; a success with nothing to clear records nothing and is
 * not sent here (the login service reads the attempts' table row first).
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class LoginAttempts {

    public static final String LOCKED = "locked";

    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private LoginAttemptsId attemptsId;

    private int failures;
    private @Nullable Instant lockedUntil;

    protected LoginAttempts() {
        // for Axon: rebuilt from events, or created by the first attempt
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LoginVerdict handle(RecordLoginAttempt command) {
        Instant now = command.now();
        if (lockedUntil != null && now.isBefore(lockedUntil)) {
            apply(new LoginFailed(
                    command.attemptsId(), command.tenant(), command.email(), command.memberId(), LOCKED, failures));
            return LoginVerdict.LOCKED;
        }
        if (command.failureReason() == null) {
            if (command.memberId() != null && (failures > 0 || lockedUntil != null)) {
                apply(new FailedLoginsCleared(command.attemptsId(), command.memberId()));
            }
            return LoginVerdict.ALLOWED;
        }
        int inRow = failures + 1;
        apply(new LoginFailed(
                command.attemptsId(),
                command.tenant(),
                command.email(),
                command.memberId(),
                command.failureReason(),
                inRow));
        LoginPolicy policy = command.policy();
        if (inRow >= policy.maxFailedAttempts()) {
            apply(new LoginLockedOut(
                    command.attemptsId(),
                    command.tenant(),
                    command.email(),
                    now.plus(Duration.ofMinutes(policy.lockoutMinutes())),
                    inRow));
            return LoginVerdict.LOCKED;
        }
        return LoginVerdict.REFUSED;
    }

    @EventSourcingHandler
    void on(LoginFailed e) {
        attemptsId = e.attemptsId();
        if (!LOCKED.equals(e.reason())) {
            // A lockout that has run out starts the count again.
            lockedUntil = null;
            failures = e.failuresInRow();
        }
    }

    @EventSourcingHandler
    void on(LoginLockedOut e) {
        lockedUntil = e.lockedUntil();
        failures = 0;
    }

    @EventSourcingHandler
    void on(FailedLoginsCleared e) {
        failures = 0;
        lockedUntil = null;
    }
}
