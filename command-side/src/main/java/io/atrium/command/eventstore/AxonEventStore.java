package io.atrium.command.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;

/**
 * Builds Axon's JDBC storage engine the way Atrium uses it: snake_case tables, JSON payloads
 * (events are records; aggregates are snapshotted field by field), and connections taken from the
 * Spring transaction in progress, so an event append commits or rolls back with everything else
 * a command writes.
 */
public final class AxonEventStore {

    public static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    public static final TokenSchema TOKEN_SCHEMA = new TokenSchema.Builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("time_stamp")
            .setOwnerColumn("owner")
            .build();

    private AxonEventStore() {}

    /** The mapper for event payloads and metadata: records in, records out, unknown fields ignored. */
    public static ObjectMapper eventMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The mapper for snapshots and other internal state: fields, not accessors. */
    public static ObjectMapper stateMapper() {
        return eventMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    }

    /** Writes and reads events by their stable names (see {@link AtriumEventSerializer}). */
    public static Serializer eventSerializer() {
        return eventSerializer(EventTypes.ALL);
    }

    public static Serializer eventSerializer(EventTypes types) {
        return AtriumEventSerializer.create(eventMapper(), types);
    }

    public static Serializer stateSerializer() {
        return JacksonSerializer.builder().objectMapper(stateMapper()).build();
    }

    public static JdbcEventStorageEngine engine(
            DataSource dataSource, TransactionManager transactionManager, Serializer events, Serializer snapshots) {
        return engine(dataSource, transactionManager, events, snapshots, EventTypes.ALL, EventUpcasters.ALL);
    }

    /** The engine, reading old revisions through {@code upcasters} (see {@link AtriumUpcasters}). */
    public static JdbcEventStorageEngine engine(
            DataSource dataSource,
            TransactionManager transactionManager,
            Serializer events,
            Serializer snapshots,
            EventTypes types,
            EventUpcasters upcasters) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(new DuplicateKeyResolver())
                .schema(EVENT_SCHEMA)
                .eventSerializer(events)
                .snapshotSerializer(snapshots)
                .upcasterChain(AtriumUpcasters.chain(types, upcasters, eventMapper()))
                // Tracking readers (projections, replay) fetch this many events per query.
                .batchSize(1000)
                // Index range reads while the reader's token has gaps (Axon's single OR query scans all of H2's table).
                .readEventDataWithGaps(new GapReadStatement())
                // A lone event's INSERT answers its position (the command's answer needs it).
                .appendEvents(new PositionAnsweringAppend())
                .build();
    }
}
