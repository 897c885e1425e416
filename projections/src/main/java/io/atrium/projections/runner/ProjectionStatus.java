package io.atrium.projections.runner;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a projection is doing.
 *
 * @param state          {@code starting}, {@code running}, {@code replaying}, {@code failing}, {@code stopped-on-poison}
 *                       (see {@code poison}) or {@code stopped}
 * @param position       the last log position it applied (-1: none)
 * @param head           the newest position in the log
 * @param lagEvents      how many positions it is behind
 * @param lastEventAt    when the last event it applied was recorded
 * @param lastAppliedAt  when it last applied a batch
 * @param applied        events applied since this process started
 * @param lagMillisP50   median time from an event being recorded to its batch committing, over the last 10,000 events
 * @param lagMillisP99   the same, 99th percentile
 * @param lastError      the last failure, or null
 * @param poison         the event no code can read that the projection stopped on, or null; an operator may skip it
 */
public record ProjectionStatus(
        String name,
        String state,
        long position,
        long head,
        long lagEvents,
        @Nullable Instant lastEventAt,
        @Nullable Instant lastAppliedAt,
        long applied,
        double lagMillisP50,
        double lagMillisP99,
        @Nullable String lastError,
        @Nullable PoisonEvent poison) {}
