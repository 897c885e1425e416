/** The topic the event log travels on: its layout, the record format, and the reactor-kafka adapter of the projections' EventFeed port. */
@NullMarked
package io.atrium.cluster.kafka;

import org.jspecify.annotations.NullMarked;
