package io.atrium.command.dispatch;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Remembers, per command thread, the last aggregate event the running command published, so the
 * dispatcher can look up the position it was stored at by its exact key (aggregate id and sequence
 * number) instead of searching the aggregate's whole history for its newest event. Registered on
 * the event store; commands run synchronously on the thread that sends them.
 */
public final class RecordedEvents implements MessageDispatchInterceptor<EventMessage<?>> {

    /** An aggregate event: its aggregate and sequence number. */
    public record Recorded(String aggregateId, long sequence) {}

    private final ThreadLocal<Recorded> last = new ThreadLocal<>();

    /** Forgets what an earlier command on this thread published. */
    public void clear() {
        last.remove();
    }

    /** The last aggregate event published on this thread since {@link #clear()}, or null. */
    public Recorded last() {
        return last.get();
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message instanceof DomainEventMessage<?> domain) {
                last.set(new Recorded(domain.getAggregateIdentifier(), domain.getSequenceNumber()));
            }
            return message;
        };
    }
}
