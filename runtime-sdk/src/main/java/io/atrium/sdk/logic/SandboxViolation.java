package io.atrium.sdk.logic;

import org.jspecify.annotations.Nullable;

/**
 * A mini-program broke a limit or tried to leave its sandbox. Reported to the host; the
 * mini-program's callback is stopped, and the host and other mini-programs carry on.
 */
public class SandboxViolation extends RuntimeException {

    /** What was broken. */
    public enum Kind {
        /** Too many instructions in one callback. */
        INSTRUCTION_BUDGET,
        /** A callback ran longer than its time. */
        TIME_BUDGET,
        /** A callback allocated too much memory. */
        MEMORY_BUDGET,
        /** Calls nested too deep. */
        STACK_DEPTH,
        /** A setData payload too large. */
        SET_DATA_SIZE,
        /** Too many timers at once. */
        TIMERS,
        /** Storage over its quota. */
        STORAGE_QUOTA,
        /** An attempt to reach Java, compile code at run time, or otherwise leave the sandbox. */
        ESCAPE,
        /** An API call the host's policy does not grant. */
        POLICY,
        /** More callbacks queued for the mini-program's thread than its bound; the newest was refused. */
        BACKLOG,
        /** A launch, tap or navigation did not settle in time (a timer or callback that never lets go); the session is stopped. */
        UNRESPONSIVE,
        /** The session kept more memory between callbacks than its bound; the session is stopped and its memory released. */
        RETAINED_MEMORY,
        /** The session used more than its share of CPU over time; the session is stopped. */
        CPU_SHARE
    }

    private final Kind kind;
    private final String miniProgramId;

    public SandboxViolation(Kind kind, String miniProgramId, @Nullable String message) {
        super(message);
        this.kind = kind;
        this.miniProgramId = miniProgramId;
    }

    public Kind kind() {
        return kind;
    }

    public String miniProgramId() {
        return miniProgramId;
    }
}
