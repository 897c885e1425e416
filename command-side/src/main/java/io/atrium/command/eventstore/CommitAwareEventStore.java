package io.atrium.command.eventstore;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's embedded event store, whose reader is woken when the database transaction that holds an
 * append has committed.
 * <p>
 * Axon wakes its reader when the unit of work commits. A command's unit of work joins the
 * dispatcher's Spring transaction, which commits later (after the position lookup and the
 * idempotency record), so the reader woke while the append was still invisible and then slept for
 * the fetch delay. Inside a Spring transaction the wake-up now waits for that transaction's commit
 * (and a rollback, which leaves nothing to read, wakes nobody); outside one it happens as Axon does it.
 */
public class CommitAwareEventStore extends EmbeddedEventStore {

    /** The observation (span) of one append; tracing-only, so it never doubles the event-store metrics. */
    public static final String OBSERVATION = "atrium.tracing.eventstore.append";

    /** Spans for appends; a no-op unless tracing is on (see {@link #observeWith}). */
    private volatile ObservationRegistry observations = ObservationRegistry.NOOP;

    public CommitAwareEventStore(Builder builder) {
        super(builder);
    }

    /** Observes each append (a span when tracing is on); the server calls this once at start. */
    public void observeWith(ObservationRegistry registry) {
        this.observations = registry;
    }

    /** Axon appends a unit of work's events to the storage engine here, as the unit of work commits. */
    @Override
    protected void prepareCommit(List<? extends EventMessage<?>> events) {
        ObservationRegistry registry = observations;
        if (registry.isNoop()) {
            super.prepareCommit(events);
            return;
        }
        Observation.createNotStarted(OBSERVATION, registry)
                .contextualName("event store append")
                .highCardinalityKeyValue("events", Integer.toString(events.size()))
                .observe(() -> super.prepareCommit(events));
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            super.afterCommit(events);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                CommitAwareEventStore.super.afterCommit(events);
            }
        });
    }
}
