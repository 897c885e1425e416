/**
 * Atrium's projections: they read the event log through the {@link io.atrium.projections.feed.EventFeed}
 * port and build the read models the query side serves, each batch of writes committed together
 * with the position it reached.
 */
@NullMarked
package io.atrium.projections;

import org.jspecify.annotations.NullMarked;
