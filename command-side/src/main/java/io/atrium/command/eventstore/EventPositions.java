package io.atrium.command.eventstore;

import java.util.OptionalLong;

/**
 * Where the store put an aggregate's events in the global log. Commands answer with that position
 * (readers wait until they have seen it), and a retried command finds its first answer's event by
 * it; each store numbers its log its own way, so the lookup is the store's to make.
 */
public interface EventPositions {

    /** The global position of the aggregate's event at {@code sequence}, or empty when there is none. */
    OptionalLong positionOf(String aggregateId, long sequence);

    /**
     * The global position of the aggregate's event at {@code sequence}, which the calling thread has just
     * appended in the transaction in progress. A store whose append already answered it says so without
     * asking the store again; the others look it up as {@link #positionOf} does.
     */
    default OptionalLong positionOfAppended(String aggregateId, long sequence) {
        return positionOf(aggregateId, sequence);
    }

    /** The global position of the aggregate's newest event, or empty when it has none. */
    OptionalLong newestPosition(String aggregateId);

    /** The sequence number of the aggregate's event at global {@code position}, or empty when there is none. */
    OptionalLong sequenceAt(String aggregateId, long position);
}
