package io.atrium.cluster.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.projections.feed.UnreadableEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * How an event travels on the topic. The key is the aggregate id (so one aggregate's events share a
 * partition whatever the partition count); the value is the payload as JSON, exactly as the event
 * store's serializer writes it; everything else is a header:
 * <ul>
 *   <li>{@code atrium-position}: the event's global position in the event store;
 *   <li>{@code atrium-prev}: the position of the record the relay published just before this one
 *       ({@code -1} for the first). Consumers of several partitions merge them back into the relay's
 *       order by this chain; on one partition it is the order itself;
 *   <li>{@code atrium-type}, {@code atrium-revision}: the stable type name and the payload's revision,
 *       so a consumer of another build upcasts or refuses, never guesses by class name;
 *   <li>{@code atrium-event-id}, {@code atrium-aggregate-type}, {@code atrium-sequence},
 *       {@code atrium-timestamp} (ISO-8601, full precision: the operation log hashes it);
 *   <li>{@code atrium-metadata}: the event's metadata (tenant, actor, client address, correlation,
 *       causation, command) as a JSON object.
 * </ul>
 */
public final class EventRecords {

    static final String POSITION = "atrium-position";
    static final String PREV = "atrium-prev";
    static final String TYPE = "atrium-type";
    static final String REVISION = "atrium-revision";
    static final String EVENT_ID = "atrium-event-id";
    static final String AGGREGATE_TYPE = "atrium-aggregate-type";
    static final String SEQUENCE = "atrium-sequence";
    static final String TIMESTAMP = "atrium-timestamp";
    static final String METADATA = "atrium-metadata";
    /** Set when the relay itself could not read the stored event: why. */
    static final String UNREADABLE = "atrium-unreadable";
    /**
     * "true" on records relayed from a store whose positions between two events hold nothing that can
     * come later (KurrentDB): readers then keep no gaps for them. Absent on the JDBC stores' records.
     */
    static final String GAPLESS = "atrium-gapless";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper mapper;
    private final EventTypes types;
    private final EventUpcasters upcasters;

    public EventRecords(ObjectMapper mapper, EventTypes types, EventUpcasters upcasters) {
        this.mapper = mapper;
        this.types = types;
        this.upcasters = upcasters;
    }

    /** One event as it is published; {@code prev} is the position published before it. */
    public ProducerRecord<String, byte[]> encode(String topic, Published event, long prev) {
        return encode(topic, event, prev, false);
    }

    /** As above; {@code gapless} when nothing between {@code prev} and the event's position can come later. */
    public ProducerRecord<String, byte[]> encode(String topic, Published event, long prev, boolean gapless) {
        Headers headers = new RecordHeaders();
        add(headers, POSITION, Long.toString(event.position()));
        add(headers, PREV, Long.toString(prev));
        if (gapless) {
            add(headers, GAPLESS, "true");
        }
        byte[] value;
        if (event.payload() instanceof UnreadableEvent unreadable) {
            // The relay cannot read it either: pass it on as what it is, so its readers stop on it
            // (and an operator skips it) exactly as they would reading the store themselves.
            add(headers, TYPE, unreadable.type());
            add(headers, REVISION, "0");
            add(headers, UNREADABLE, unreadable.error());
            value = new byte[0];
        } else {
            EventTypes.Descriptor type = types.forClass(event.payload().getClass())
                    .orElseThrow(() -> new IllegalArgumentException(
                            event.payload().getClass().getName() + " has no stable event name"));
            add(headers, TYPE, type.name());
            add(headers, REVISION, Integer.toString(type.revision()));
            value = serialize(event);
        }
        add(headers, EVENT_ID, event.eventId());
        add(headers, AGGREGATE_TYPE, event.aggregateType());
        add(headers, SEQUENCE, Long.toString(event.sequenceNumber()));
        add(headers, TIMESTAMP, event.timestamp().toString());
        try {
            headers.add(METADATA, mapper.writeValueAsBytes(event.metadata().toMap()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the metadata at position " + event.position(), e);
        }
        return new ProducerRecord<>(topic, null, event.timestamp().toEpochMilli(), event.aggregateId(), value, headers);
    }

    private byte[] serialize(Published event) {
        try {
            return mapper.writeValueAsBytes(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the event at position " + event.position(), e);
        }
    }

    /**
     * Reads a record back. A record whose payload this build cannot read (an unknown type, a newer
     * revision, a broken body) becomes an {@link UnreadableEvent}: the projections that read its type stop
     * on it, as they do on such an event in the store. A record without Atrium's headers is not an
     * event of this topic at all and is refused.
     */
    /** Whether the record carries Atrium's headers at all; one that does not is no event of this log. */
    public static boolean isEvent(ConsumerRecord<?, ?> record) {
        return record.headers().lastHeader(POSITION) != null && record.headers().lastHeader(PREV) != null;
    }

    public Received decode(ConsumerRecord<String, byte[]> record) {
        long position = Long.parseLong(required(record, POSITION));
        long prev = Long.parseLong(required(record, PREV));
        String typeName = required(record, TYPE);
        int revision = Integer.parseInt(required(record, REVISION));
        String aggregateId = record.key() == null ? "" : record.key();
        Instant at = Instant.parse(required(record, TIMESTAMP));
        Map<String, Object> metadata = Map.of();
        AtriumEvent payload;
        try {
            byte[] raw = header(record, METADATA);
            metadata = raw == null ? Map.of() : mapper.readValue(raw, MAP);
            String unreadable = text(record, UNREADABLE);
            payload = unreadable != null
                    ? new UnreadableEvent(aggregateId, typeName, unreadable)
                    : payload(typeName, revision, record.value(), aggregateId);
        } catch (IOException | RuntimeException e) {
            payload = new UnreadableEvent(aggregateId, typeName, message(e));
        }
        return new Received(
                position,
                prev,
                Optional.ofNullable(text(record, EVENT_ID)).orElse(""),
                aggregateId,
                Optional.ofNullable(text(record, AGGREGATE_TYPE)).orElse(""),
                Long.parseLong(Optional.ofNullable(text(record, SEQUENCE)).orElse("0")),
                at,
                payload,
                EventMetadata.from(metadata, at),
                "true".equals(text(record, GAPLESS)));
    }

    private AtriumEvent payload(String typeName, int revision, byte @Nullable [] value, String aggregateId)
            throws IOException {
        Optional<EventTypes.Descriptor> type = types.forName(typeName);
        if (type.isEmpty()) {
            return new UnreadableEvent(aggregateId, typeName, "no event type is named " + typeName);
        }
        EventTypes.Descriptor descriptor = type.get();
        if (revision > descriptor.revision()) {
            return new UnreadableEvent(
                    aggregateId,
                    typeName,
                    "revision " + revision + " is newer than this build reads (" + descriptor.revision() + ")");
        }
        if (value == null) {
            return new UnreadableEvent(aggregateId, typeName, "the record has no payload");
        }
        Object event;
        if (revision < descriptor.revision()) {
            Map<String, Object> fields =
                    upcasters.upcast(descriptor.name(), revision, descriptor.revision(), mapper.readValue(value, MAP));
            event = mapper.convertValue(fields, descriptor.type());
        } else {
            event = mapper.readValue(value, descriptor.type());
        }
        if (!(event instanceof AtriumEvent atrium)) {
            return new UnreadableEvent(aggregateId, typeName, "not an Atrium event");
        }
        return atrium;
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte @Nullable [] header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    private static @Nullable String text(ConsumerRecord<?, ?> record, String name) {
        byte[] value = header(record, name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static String required(ConsumerRecord<?, ?> record, String name) {
        String value = text(record, name);
        if (value == null) {
            throw new IllegalArgumentException("record at offset " + record.offset() + " of partition "
                    + record.partition() + " has no " + name + " header: it is not an Atrium event");
        }
        return value;
    }

    /** What the relay publishes: one event read from the store. */
    public record Published(
            long position,
            String eventId,
            String aggregateId,
            String aggregateType,
            long sequenceNumber,
            Instant timestamp,
            AtriumEvent payload,
            EventMetadata metadata) {}

    /** One record read back; {@code gapless} as {@link #GAPLESS} says. */
    public record Received(
            long position,
            long prev,
            String eventId,
            String aggregateId,
            String aggregateType,
            long sequenceNumber,
            Instant timestamp,
            AtriumEvent payload,
            EventMetadata metadata,
            boolean gapless) {}
}
