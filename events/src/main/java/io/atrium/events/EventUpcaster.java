package io.atrium.events;

import java.util.Map;

/**
 * Turns the stored JSON of one event type at one revision into the shape of the next revision.
 * Works on the generic form a JSON parser yields (maps, lists, strings, numbers, booleans), so every
 * reader of stored events applies the same steps: the event store through its upcaster chain, time
 * travel over the operation log directly.
 */
public interface EventUpcaster {

    /** The stable name of the event type it upcasts. */
    String eventName();

    /** The revision it reads; it writes {@code fromRevision() + 1}. */
    int fromRevision();

    /** The payload at {@code fromRevision() + 1}; {@code payload} is a mutable copy it may change. */
    Map<String, Object> upcast(Map<String, Object> payload);
}
