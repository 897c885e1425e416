package io.atrium.query.audit;

import reactor.core.publisher.Flux;

/**
 * Tells open live feeds that their tenant has new events, as the event log learns of them (in cluster
 * mode, from the Kafka topic). A feed then reads the new entries from the operation log once it has
 * them, so each entry still carries its place in the hash chain. Without a signal (one node) feeds
 * poll the log.
 */
public interface LiveSignal {

    /** The positions of new events of {@code tenant}, from now on; hot, never completes while the node runs. */
    Flux<Long> newEvents(String tenant);
}
