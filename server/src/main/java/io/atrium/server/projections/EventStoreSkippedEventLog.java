package io.atrium.server.projections;

import io.atrium.events.EventMetadata;
import io.atrium.events.projection.ProjectionEventSkipped;
import io.atrium.projections.runner.SkippedEventLog;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a skipped poison event by appending {@link ProjectionEventSkipped} to the event store, in
 * the projection's own stream ({@code projection-<name>}), with the operator's metadata: the operation
 * log then shows the skip like any other change. Two operators skipping at once cannot both append
 * the same sequence number: the store's unique key refuses the second.
 */
public final class EventStoreSkippedEventLog implements SkippedEventLog {

    static final String AGGREGATE_TYPE = "Projection";

    private final EventStore eventStore;
    private final TransactionTemplate transactions;

    public EventStoreSkippedEventLog(EventStore eventStore, PlatformTransactionManager transactions) {
        this.eventStore = eventStore;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public void record(ProjectionEventSkipped skipped, EventMetadata metadata) {
        String stream = skipped.aggregateId();
        transactions.executeWithoutResult(status -> {
            long sequence =
                    eventStore.lastSequenceNumberFor(stream).map(n -> n + 1).orElse(0L);
            eventStore.publish(new GenericDomainEventMessage<>(
                    AGGREGATE_TYPE,
                    stream,
                    sequence,
                    skipped,
                    MetaData.from(metadata.toMap()),
                    java.util.UUID.randomUUID().toString(),
                    metadata.timestamp()));
        });
    }
}
