/** Gives the projections what only the composed server has: the event store, to record skipped poison events. */
package io.atrium.server.projections;
