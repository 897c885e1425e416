package io.atrium.kurrentdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atrium.events.EventMetadata;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.RecordedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * An Axon event as a KurrentDB record, and back.
 * <p>
 * The record's type is the event's stable name and its data the payload JSON, exactly as the JDBC
 * store keeps them, so the event catalogue and the upcasters read both stores alike. The record's
 * metadata is Axon's metadata object (tenant, actor, client address, correlation, causation, command)
 * with KurrentDB's conventional {@code $correlationId} and {@code $causationId} beside it, and an
 * {@code atrium} object for what Axon needs back: the aggregate's type and id, the sequence number,
 * the payload revision, Axon's event id and the timestamp at full precision (the record's own
 * {@code created} is the server's clock, not the event's).
 */
final class StoredRecords {

    static final String STORE = "atrium";
    private static final String KURRENT_CORRELATION = "$correlationId";
    private static final String KURRENT_CAUSATION = "$causationId";

    private final ObjectMapper json = new ObjectMapper();

    /** Axon's event ids are UUIDs; one that is not gets a stable UUID of its own, and the original is kept. */
    static UUID eventId(String identifier) {
        try {
            UUID id = UUID.fromString(identifier);
            if (id.toString().equalsIgnoreCase(identifier)) {
                return id;
            }
        } catch (IllegalArgumentException notAUuid) {
            // falls through
        }
        return UUID.nameUUIDFromBytes(identifier.getBytes(StandardCharsets.UTF_8));
    }

    EventData toRecord(EventMessage<?> event, Serializer serializer) {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        ObjectNode metadata = metadataObject(metaData.getData());
        ObjectNode store = metadata.putObject(STORE);
        if (event instanceof DomainEventMessage<?> domain && domain.getType() != null) {
            store.put("aggregateType", domain.getType());
            store.put("aggregateId", domain.getAggregateIdentifier());
            store.put("sequence", domain.getSequenceNumber());
        }
        store.put("eventId", event.getIdentifier());
        store.put("timestamp", event.getTimestamp().toString());
        String revision = payload.getType().getRevision();
        if (revision != null) {
            store.put("revision", revision);
        }
        return EventData.builderAsJson(
                        eventId(event.getIdentifier()), payload.getType().getName(), payload.getData())
                .metadataAsBytes(bytes(metadata))
                .build();
    }

    private ObjectNode metadataObject(byte[] serialized) {
        JsonNode parsed = parse(serialized);
        ObjectNode metadata = parsed instanceof ObjectNode object ? object : json.createObjectNode();
        JsonNode correlation = metadata.get(EventMetadata.CORRELATION_ID);
        if (correlation != null && correlation.isTextual()) {
            metadata.put(KURRENT_CORRELATION, correlation.asText());
        }
        JsonNode causation = metadata.get(EventMetadata.CAUSATION_ID);
        if (causation != null && causation.isTextual()) {
            metadata.put(KURRENT_CAUSATION, causation.asText());
        }
        return metadata;
    }

    /** The record as Axon's stored form; Axon's serializer and upcasters take it from there. */
    DomainEventData<byte[]> fromRecord(RecordedEvent record) {
        JsonNode parsed = parse(record.getUserMetadata());
        ObjectNode metadata = parsed instanceof ObjectNode object ? object.deepCopy() : json.createObjectNode();
        JsonNode store = metadata.remove(STORE);
        metadata.remove(KURRENT_CORRELATION);
        metadata.remove(KURRENT_CAUSATION);
        if (store == null) {
            store = json.createObjectNode();
        }
        String aggregateType = text(store, "aggregateType");
        String eventId = text(store, "eventId");
        String timestamp = text(store, "timestamp");
        return new GenericDomainEventEntry<>(
                aggregateType,
                // Axon reads an event without an aggregate type as one that belongs to no aggregate.
                aggregateType == null ? null : text(store, "aggregateId"),
                store.path("sequence").asLong(0),
                eventId != null ? eventId : record.getEventId().toString(),
                timestamp != null ? timestamp : record.getCreated().toString(),
                record.getEventType(),
                text(store, "revision"),
                record.getEventData(),
                bytes(metadata));
    }

    private JsonNode parse(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            // Metadata written by another tool may be anything; the event itself still reads.
            return json.createObjectNode();
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
