/** Tracing: hands the observation registry to command handling, the event store and projections when tracing is on. */
@NullMarked
package io.atrium.server.tracing;

import org.jspecify.annotations.NullMarked;
