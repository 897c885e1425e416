package io.atrium.events.projection;

import io.atrium.events.AtriumEvent;

/** The facts of operating a projection. */
public sealed interface ProjectionEvent extends AtriumEvent permits ProjectionEventSkipped {

    /** The projection's name, e.g. {@code catalogue}. */
    String projection();

    @Override
    default String aggregateId() {
        return "projection-" + projection();
    }
}
