package io.atrium.command.eventstore;

/**
 * What the current thread's command did to a store whose appends commit on their own (KurrentDB):
 * whether its events are stored for good, refused, or unknown (the store did not answer). The command
 * dispatcher asks after a failure, to tell "nothing recorded" from "recorded, then failed" when it
 * decides what a retry with the same Idempotency-Key may do. The JDBC stores never set it: their
 * appends roll back with the command's transaction.
 */
public final class AppendOutcome {

    /** NONE: nothing appended; APPENDED: stored for good; UNKNOWN: sent, but no answer came. */
    public enum State {
        NONE,
        APPENDED,
        UNKNOWN
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(() -> State.NONE);

    private AppendOutcome() {}

    public static void reset() {
        STATE.set(State.NONE);
    }

    public static void appended() {
        STATE.set(State.APPENDED);
    }

    /** An append was sent and its answer did not come; it stays unknown unless a later one is known. */
    public static void unknown() {
        if (STATE.get() == State.NONE) {
            STATE.set(State.UNKNOWN);
        }
    }

    public static State get() {
        return STATE.get();
    }
}
