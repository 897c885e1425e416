/** Cluster mode on Kafka: the settings and the Spring wiring of the relay (command nodes) and the Kafka feed (projections nodes). */
@NullMarked
package io.atrium.cluster;

import org.jspecify.annotations.NullMarked;
