/**
 * KurrentDB (EventStoreDB) as Atrium's event store, through the official Java client: the Axon
 * storage engine, the projections' feed over {@code $all}, and their wiring for
 * {@code atrium.event-store.kind=kurrentdb}.
 */
@NullMarked
package io.atrium.kurrentdb;

import org.jspecify.annotations.NullMarked;
