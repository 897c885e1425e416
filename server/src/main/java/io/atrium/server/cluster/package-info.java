/** Cluster mode's adapters on query nodes: the live feed's signal from the Kafka topic. */
@NullMarked
package io.atrium.server.cluster;

import org.jspecify.annotations.NullMarked;
