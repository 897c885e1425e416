package io.atrium.sdk.logic;

import java.time.Duration;

/**
 * What one mini-program may spend. Some budgets are per callback (a lifecycle hook, an event
 * handler, a timer, an API callback); the others hold for the whole session.
 *
 * @param instructionsPerCallback Rhino instructions one callback may execute
 * @param timePerCallback         wall-clock time one callback may take
 * @param bytesPerCallback        bytes one callback may allocate
 * @param maxStackDepth           nested calls, at most
 * @param maxSetDataBytes         the size of one {@code setData} payload, as JSON
 * @param maxTimers               timers pending at once
 * @param minTimerDelay           the shortest timer delay honoured
 * @param storageQuotaBytes       storage the mini-program may keep
 * @param maxQueuedCallbacks      callbacks waiting for the mini-program's thread, at most; more are refused
 * @param settleTime              the longest a host waits for a launch, a tap or a navigation to settle;
 *                                a session that misses it is stopped
 * @param retainedBytes           memory the session may keep between callbacks (its JavaScript objects,
 *                                strings and page data, as estimated by {@link RetainedMemory})
 * @param cpuShare                the share of one core the session may use over time (0.5: half a core)
 * @param cpuBurst                how far above that share the session may run before it is stopped
 * @param maxConcurrentRequests   {@code request} calls in flight at once
 */
public record SandboxLimits(
        long instructionsPerCallback,
        Duration timePerCallback,
        long bytesPerCallback,
        int maxStackDepth,
        int maxSetDataBytes,
        int maxTimers,
        Duration minTimerDelay,
        long storageQuotaBytes,
        int maxQueuedCallbacks,
        Duration settleTime,
        long retainedBytes,
        double cpuShare,
        Duration cpuBurst,
        int maxConcurrentRequests) {

    /** The session-wide bounds every runtime gets unless it sets its own. */
    public static final int DEFAULT_MAX_QUEUED = 256;

    public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(10);
    public static final long DEFAULT_RETAINED_BYTES = 64L << 20;
    public static final double DEFAULT_CPU_SHARE = 0.5;
    public static final Duration DEFAULT_CPU_BURST = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_REQUESTS = 10;

    public static final SandboxLimits DEFAULT = new SandboxLimits(
            20_000_000, Duration.ofSeconds(2), 256L << 20, 400, 1 << 20, 64, Duration.ofMillis(4), 10L << 20);

    public SandboxLimits {
        if (maxQueuedCallbacks < 1 || retainedBytes < 1 || maxConcurrentRequests < 1) {
            throw new IllegalArgumentException(
                    "queued callbacks, retained bytes and concurrent requests must be positive");
        }
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("cpuShare must be above 0 and at most 1 (one core)");
        }
        if (settleTime.isNegative() || settleTime.isZero() || cpuBurst.isNegative() || cpuBurst.isZero()) {
            throw new IllegalArgumentException("settleTime and cpuBurst must be positive");
        }
    }

    /** Per-callback budgets and quotas, with the default session-wide bounds. */
    public SandboxLimits(
            long instructionsPerCallback,
            Duration timePerCallback,
            long bytesPerCallback,
            int maxStackDepth,
            int maxSetDataBytes,
            int maxTimers,
            Duration minTimerDelay,
            long storageQuotaBytes) {
        this(
                instructionsPerCallback,
                timePerCallback,
                bytesPerCallback,
                maxStackDepth,
                maxSetDataBytes,
                maxTimers,
                minTimerDelay,
                storageQuotaBytes,
                DEFAULT_MAX_QUEUED,
                DEFAULT_SETTLE_TIME,
                DEFAULT_RETAINED_BYTES,
                DEFAULT_CPU_SHARE,
                DEFAULT_CPU_BURST,
                DEFAULT_MAX_REQUESTS);
    }

    /** The same limits with other session-wide bounds. */
    public SandboxLimits withSessionBounds(
            Duration settleTime, long retainedBytes, double cpuShare, Duration cpuBurst) {
        return new SandboxLimits(
                instructionsPerCallback,
                timePerCallback,
                bytesPerCallback,
                maxStackDepth,
                maxSetDataBytes,
                maxTimers,
                minTimerDelay,
                storageQuotaBytes,
                maxQueuedCallbacks,
                settleTime,
                retainedBytes,
                cpuShare,
                cpuBurst,
                maxConcurrentRequests);
    }

    /** The same limits with another bound on queued callbacks and concurrent requests. */
    public SandboxLimits withQueues(int maxQueuedCallbacks, int maxConcurrentRequests) {
        return new SandboxLimits(
                instructionsPerCallback,
                timePerCallback,
                bytesPerCallback,
                maxStackDepth,
                maxSetDataBytes,
                maxTimers,
                minTimerDelay,
                storageQuotaBytes,
                maxQueuedCallbacks,
                settleTime,
                retainedBytes,
                cpuShare,
                cpuBurst,
                maxConcurrentRequests);
    }
}
