package io.atrium.projections.feed;

import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.EventTypes;
import java.time.Instant;

/**
 * One event as the log holds it.
 *
 * @param position       its global position in the log
 * @param after          the reader's position once this event is read (what a checkpoint stores)
 * @param eventId        its unique id
 * @param aggregateType  e.g. {@code MiniProgram}
 * @param sequenceNumber its place in its aggregate's stream, from 0
 */
public record StoredEvent(
        long position,
        FeedPosition after,
        String eventId,
        String aggregateId,
        String aggregateType,
        long sequenceNumber,
        Instant timestamp,
        AtriumEvent payload,
        EventMetadata metadata) {

    /** The event's stable type name (e.g. {@code atrium.miniprogram.VersionUploaded}), whatever its class is called. */
    public String type() {
        return EventTypes.nameOf(payload.getClass());
    }
}
