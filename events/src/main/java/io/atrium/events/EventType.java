package io.atrium.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable name and revision an event is stored under. The event store, the event feed, the
 * operation log and time travel know an event by this name, never by its Java class, so a class
 * can be renamed or moved without making stored history unreadable.
 * <p>
 * Change {@link #revision()} when the stored JSON shape changes, and add an upcaster from the old
 * revision (see {@link EventUpcasters}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** The stable name, e.g. {@code atrium.miniprogram.VersionUploaded}. Never changes once events exist. */
    String name();

    /** The revision of the payload's JSON shape, from 1. */
    int revision() default 1;

    /**
     * Names this event was stored under before it had a stable name: the fully qualified class names
     * Axon wrote as {@code payload_type}, which the operation log also knows by their simple name.
     * Kept when the class is renamed, so rows written by old code still find it.
     */
    String[] legacyNames() default {};
}
