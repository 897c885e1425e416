package io.atrium.command.dispatch;

import org.springframework.transaction.TransactionTimedOutException;

/**
 * A command that outlived its time limit after its events were stored, on a store whose append
 * commits on its own (KurrentDB): the change stands, though the command answers a timeout. Its
 * Idempotency-Key was answered with the change, so a retry with the key receives the 202.
 */
public class TimedOutAfterAppend extends TransactionTimedOutException {

    public TimedOutAfterAppend(TransactionTimedOutException cause) {
        super("the command outlived its time limit after its events were stored", cause);
    }
}
