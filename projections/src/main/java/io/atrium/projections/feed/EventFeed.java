package io.atrium.projections.feed;

import java.time.Duration;

/**
 * The event log as a stream a projection can read from any position and resume after a restart.
 * Events come in position order; an event whose position was passed as a gap (a transaction that
 * had not committed yet) may still come later, and is then delivered as soon as it appears.
 * Adapters: {@link AxonEventFeed} (in process, from the event store); the Kafka feed of the cluster
 * module in cluster mode.
 */
public interface EventFeed {

    /** Opens a stream of the events after {@code after}. */
    Stream open(FeedPosition after);

    /**
     * Opens a stream for a named reader (a projection): an adapter that keeps per-reader state outside
     * the read model (Kafka's consumer groups) files it under that name.
     */
    default Stream open(String reader, FeedPosition after) {
        return open(after);
    }

    /** The position of the newest event in the log, or -1 when it is empty. */
    long headPosition();

    /**
     * Whether a position this feed passed over may still bring an event later. On the JDBC stores it
     * may (an append that commits after a later one), so readers downstream keep such holes as gaps;
     * KurrentDB's log has no holes that fill later, and its positions are not consecutive, so there
     * every difference between two positions is just bytes.
     */
    default boolean holesMayFill() {
        return true;
    }

    /**
     * How many events lie after {@code after} up to and including {@code upTo} (lag and replay totals).
     * Where positions are consecutive numbers (the JDBC stores' global index, which Kafka records carry)
     * that is their difference; an adapter whose positions are not (KurrentDB's {@code $all} byte
     * positions) counts them, or estimates where counting would cost too much.
     */
    default long eventsBetween(long after, long upTo) {
        return Math.max(0, upTo - Math.max(after, 0));
    }

    /** A stream of events; blocking, meant for one reader thread. */
    interface Stream extends AutoCloseable {

        /** Waits up to {@code wait} for an event; true when {@link #next()} has one. */
        boolean hasNext(Duration wait) throws InterruptedException;

        StoredEvent next();

        /**
         * Tells the stream that everything up to {@code position} is durably applied (its read-model
         * transaction committed). Adapters that track progress of their own (Kafka's committed offsets)
         * advance it here, never earlier; the checkpoint in the read model stays what a restart trusts.
         */
        default void committed(FeedPosition position) {}

        @Override
        void close();
    }
}
