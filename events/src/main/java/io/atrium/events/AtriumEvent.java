package io.atrium.events;

/**
 * Every fact Atrium records. Each aggregate has its own sealed family below this interface, so a
 * consumer can switch over a family exhaustively.
 */
public interface AtriumEvent {

    /** The id of the aggregate (the event stream) this fact belongs to. */
    String aggregateId();
}
