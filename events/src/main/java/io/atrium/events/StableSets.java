package io.atrium.events;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Sets in an event in a fixed order. An event's JSON is hashed into the operation log's chain and
 * compared byte for byte by the golden corpus, so it must not depend on a JVM's iteration order, which
 * {@code Set.of} and {@code Set.copyOf} randomise per run.
 */
public final class StableSets {

    private StableSets() {}

    /** The values in their enum's declared order, unmodifiable. */
    public static <E extends Enum<E>> Set<E> inDeclaredOrder(Class<E> type, Collection<E> values) {
        Set<E> ordered = EnumSet.noneOf(type);
        ordered.addAll(values);
        return Collections.unmodifiableSet(ordered);
    }

    /** The names in their natural order, unmodifiable; null (a member older rows lack) is none. */
    public static Set<String> sorted(@Nullable Collection<String> names) {
        return names == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }
}
