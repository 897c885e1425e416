package io.atrium.sdk.logic;

import java.time.Duration;

/**
 * What one mini-program may spend. Budgets are per callback (a lifecycle hook, an event handler, a
 * timer, an API callback); the others hold for the whole run.
 *
 * @param instructionsPerCallback Rhino instructions one callback may execute
 * @param timePerCallback         wall-clock time one callback may take
 * @param bytesPerCallback        bytes one callback may allocate
 * @param maxStackDepth           nested calls, at most
 * @param maxSetDataBytes         the size of one {@code setData} payload, as JSON
 * @param maxTimers               timers pending at once
 * @param minTimerDelay           the shortest timer delay honoured
 * @param storageQuotaBytes       storage the mini-program may keep
 */
public record SandboxLimits(long instructionsPerCallback, Duration timePerCallback, long bytesPerCallback, int maxStackDepth,
                            int maxSetDataBytes, int maxTimers, Duration minTimerDelay, long storageQuotaBytes) {

    public static final SandboxLimits DEFAULT = new SandboxLimits(20_000_000, Duration.ofSeconds(2), 256L << 20, 400, 1 << 20, 64,
            Duration.ofMillis(4), 10L << 20);
}
