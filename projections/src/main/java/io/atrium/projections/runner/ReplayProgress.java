package io.atrium.projections.runner;

import org.jspecify.annotations.Nullable;

/**
 * Where a replay stands.
 *
 * @param phase           {@code cloning}, {@code replaying}, {@code indexing}, {@code swapping}, {@code done} or {@code failed}
 * @param eventsDone      events applied to the shadow tables so far
 * @param eventsTotal     the log's size when the replay started (it may grow meanwhile)
 * @param eventsPerSecond the rate so far
 * @param secondsLeft     estimated, at that rate
 * @param message         what failed, or a note
 */
public record ReplayProgress(
        String projection,
        String phase,
        long eventsDone,
        long eventsTotal,
        double eventsPerSecond,
        double secondsLeft,
        @Nullable String message) {}
