/**
 * The Projection event family: what operators do to the projections that build the read models,
 * recorded so that the operation log shows it (today: an event a projection could not read, skipped).
 */
@NullMarked
package io.atrium.events.projection;

import org.jspecify.annotations.NullMarked;
