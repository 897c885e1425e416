package io.atrium.sdk.logic;

import java.lang.management.ManagementFactory;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Makes the contexts of one sandbox: interpreted, no Java class visible, stack bounded, and an
 * observer that every few thousand instructions checks the callback's budgets.
 */
final class SandboxContextFactory extends ContextFactory {

    static final int OBSERVE_EVERY = 2_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String miniProgramId;
    private final SandboxLimits limits;

    /** The budget of the callback now running (on the sandbox's one thread). */
    private long instructions;

    private long deadline;
    private volatile long allocatedAtStart;
    private volatile boolean overTime;
    private volatile boolean overMemory;
    private java.time.Duration timeLimit;

    SandboxContextFactory(String miniProgramId, SandboxLimits limits) {
        this.miniProgramId = miniProgramId;
        this.limits = limits;
        // Until a callback starts with a time of its own, the per-callback time is the budget.
        this.timeLimit = limits.timePerCallback();
    }

    @Override
    protected Context makeContext() {
        Context cx = super.makeContext();
        cx.setInterpretedMode(true);
        cx.setLanguageVersion(Context.VERSION_ES6);
        cx.setInstructionObserverThreshold(OBSERVE_EVERY);
        cx.setMaximumInterpreterStackDepth(limits.maxStackDepth());
        // No Java class is visible to scripts, whatever they try.
        cx.setClassShutter(className -> false);
        return cx;
    }

    /** Starts a callback's budgets. */
    void startCallback() {
        startCallback(limits.timePerCallback());
    }

    /** Starts budgets with a time of its own (the runtime's own set-up, not the mini-program's code). */
    void startCallback(java.time.Duration time) {
        instructions = 0;
        overTime = false;
        overMemory = false;
        timeLimit = time;
        deadline = System.nanoTime() + time.toNanos();
        allocatedAtStart =
                THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Bytes the callback running on {@code thread} has allocated so far; read by the watchdog, which
     * samples it between observations (a single built-in call, {@code fill} or {@code repeat}, can
     * allocate a lot without executing one instruction).
     */
    long allocatedBy(Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId()) - allocatedAtStart;
    }

    /** Called by the watchdog when a callback's time is up: the next observation stops it. */
    void markOverTime() {
        overTime = true;
    }

    /** Called by the watchdog's memory sampler: the next observation stops the callback. */
    void markOverMemory() {
        overMemory = true;
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        instructions += instructionCount;
        if (instructions > limits.instructionsPerCallback()) {
            throw halt(
                    SandboxViolation.Kind.INSTRUCTION_BUDGET,
                    "the callback ran more than " + limits.instructionsPerCallback()
                            + " instructions (an endless loop?)");
        }
        if (overTime || System.nanoTime() > deadline) {
            throw halt(
                    SandboxViolation.Kind.TIME_BUDGET, "the callback ran longer than " + timeLimit.toMillis() + " ms");
        }
        long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedAtStart;
        if (overMemory || allocated > limits.bytesPerCallback()) {
            throw halt(
                    SandboxViolation.Kind.MEMORY_BUDGET,
                    "the callback allocated more than " + (limits.bytesPerCallback() >> 20) + " MiB");
        }
    }

    SandboxHalt halt(SandboxViolation.Kind kind, String message) {
        return new SandboxHalt(new SandboxViolation(kind, miniProgramId, message));
    }
}
