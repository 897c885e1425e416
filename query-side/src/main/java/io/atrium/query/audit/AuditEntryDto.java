package io.atrium.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.audit.AuditEntry;
import io.atrium.query.readmodel.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;

/** One operation-log entry as the API answers it: who did what, when, from where, to what, caused by which command. */
public record AuditEntryDto(
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
        JsonNode payload,
        String prevHash,
        String hash) {

    static AuditEntryDto of(Readable row) {
        return new AuditEntryDto(
                row.get("seq", Long.class),
                row.get("position", Long.class),
                row.get("event_id", String.class),
                row.get("aggregate_id", String.class),
                row.get("aggregate_type", String.class),
                row.get("sequence_number", Long.class),
                row.get("event_type", String.class),
                row.get("tenant_id", String.class),
                row.get("actor", String.class),
                row.get("client_address", String.class),
                row.get("correlation_id", String.class),
                row.get("causation_id", String.class),
                row.get("command_name", String.class),
                Json.instant(row.get("occurred_at", LocalDateTime.class)),
                Json.tree(row.get("payload", String.class)),
                row.get("prev_hash", String.class),
                row.get("hash", String.class));
    }

    /** The entry as the hash chain covers it (the payload exactly as stored). */
    static AuditEntry entry(Readable row) {
        return new AuditEntry(
                row.get("seq", Long.class),
                row.get("position", Long.class),
                row.get("event_id", String.class),
                row.get("aggregate_id", String.class),
                row.get("aggregate_type", String.class),
                row.get("sequence_number", Long.class),
                row.get("event_type", String.class),
                row.get("tenant_id", String.class),
                row.get("actor", String.class),
                row.get("client_address", String.class),
                row.get("correlation_id", String.class),
                row.get("causation_id", String.class),
                row.get("command_name", String.class),
                Json.instant(row.get("occurred_at", LocalDateTime.class)),
                row.get("payload", String.class));
    }
}
