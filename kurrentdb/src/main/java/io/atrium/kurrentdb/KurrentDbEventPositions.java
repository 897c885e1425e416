package io.atrium.kurrentdb;

import io.atrium.command.eventstore.EventPositions;
import io.kurrent.dbclient.RecordedEvent;
import java.util.OptionalLong;

/** Positions in {@code $all} of an aggregate's events, read from its stream. */
final class KurrentDbEventPositions implements EventPositions {

    private final KurrentDbEventStorageEngine engine;

    KurrentDbEventPositions(KurrentDbEventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public OptionalLong positionOf(String aggregateId, long sequence) {
        return engine.positionOf(aggregateId, sequence);
    }

    @Override
    public OptionalLong newestPosition(String aggregateId) {
        return engine.newestPosition(aggregateId);
    }

    @Override
    public OptionalLong sequenceAt(String aggregateId, long position) {
        RecordedEvent record = engine.recordAt(position);
        String stream = engine.streamOf(aggregateId);
        if (record == null || stream == null || !record.getStreamId().equals(stream)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(record.getRevision());
    }
}
