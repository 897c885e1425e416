package io.atrium.projections.runner;

import io.atrium.events.EventMetadata;
import io.atrium.events.projection.ProjectionEventSkipped;

/**
 * Where a skipped poison event is recorded, so that the operation log shows who skipped what and
 * why. The adapter appends {@link ProjectionEventSkipped} to the event store; it lives where the
 * event store is composed (projections depend on events only).
 */
public interface SkippedEventLog {

    /** Records the skip; throws when it could not, and then nothing is skipped. */
    void record(ProjectionEventSkipped skipped, EventMetadata metadata);
}
