/** The relay from the event store to Kafka and the database lease that keeps exactly one relay active. */
@NullMarked
package io.atrium.cluster.relay;

import org.jspecify.annotations.NullMarked;
