package io.atrium.command.hostapp;

import io.atrium.command.eventstore.EventPositions;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppSecretRotated;
import java.util.OptionalLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * The generation a recorded rotation moved a host app to (and the grace it gave the previous
 * secret), read back from the event it recorded. A
 * retried rotation (same Idempotency-Key) knows only the position of its first answer, and the host
 * app may have been rotated again since; the event at that position still says which secret that
 * answer showed.
 */
@Component
public class SecretGenerations {

    private final EventPositions positions;
    private final EventStorageEngine events;

    public SecretGenerations(EventPositions positions, EventStorageEngine events) {
        this.positions = positions;
        this.events = events;
    }

    /**
     * @param position the event-log position a {@code RotateHostAppSecret} answered
     * @return the {@link HostAppSecretRotated} recorded there: its generation and the previous secret's grace
     */
    public HostAppSecretRotated rotatedTo(HostAppId hostAppId, long position) {
        OptionalLong found = positions.sequenceAt(hostAppId.value(), position);
        if (found.isPresent()) {
            long sequence = found.getAsLong();
            DomainEventStream stream = events.readEvents(hostAppId.value(), sequence);
            if (stream.hasNext()) {
                DomainEventMessage<?> event = stream.next();
                if (event.getSequenceNumber() == sequence && event.getPayload() instanceof HostAppSecretRotated r) {
                    return r;
                }
            }
        }
        throw new IllegalStateException(
                "no secret rotation of " + hostAppId.value() + " is recorded at position " + position);
    }
}
