package io.atrium.events.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One entry of the operation log: an event with everything known about who caused it.
 *
 * @param seq            the entry's place in the log (1, 2, 3, ...): the order of the chain
 * @param position       the event's global position in the event store
 * @param occurredAt     when the event was recorded, to the microsecond
 * @param payload        the event's facts as canonical JSON (keys sorted)
 */
public record AuditEntry(
        long seq,
        long position,
        String eventId,
        String aggregateId,
        String aggregateType,
        long sequenceNumber,
        String eventType,
        String tenant,
        String actor,
        String clientAddress,
        String correlationId,
        String causationId,
        String commandName,
        Instant occurredAt,
        String payload) {

    public AuditEntry {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    }
}
