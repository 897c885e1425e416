/** Gives the projections what only the composed server has: the event store, to record skipped poison events. */
@NullMarked
package io.atrium.server.projections;

import org.jspecify.annotations.NullMarked;
