package io.atrium.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atrium.command.eventstore.golden.GoldenCorpus;
import io.atrium.events.EventTypes;
import io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.feed.UnreadableEvent;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus (every event type at every revision, and rows from before stable names) stored in
 * KurrentDB as the engine stores events, then read back through the engine and the feed: the event
 * catalogue's names, legacy names and upcasters work on KurrentDB as they do on JDBC.
 */
class KurrentDbGoldenCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KurrentDbProtocolDouble protocolDouble;
    private KurrentDbConnection connection;
    private KurrentDbEventStorageEngine engine;
    private final List<GoldenCorpus.Row> rows = GoldenCorpus.rows();

    @BeforeEach
    void load() throws Exception {
        protocolDouble = KurrentDbProtocolDouble.start();
        connection = new KurrentDbConnection(KurrentDBConnectionString.parseOrThrow(protocolDouble.connectionString()));
        engine = KurrentDbEventStorageEngine.forAtrium(connection, Duration.ofSeconds(5));
        // As a migration from the JDBC tables would write them: verbatim names, payloads and revisions.
        Map<String, List<GoldenCorpus.Row>> byAggregate = new LinkedHashMap<>();
        for (GoldenCorpus.Row row : rows) {
            byAggregate
                    .computeIfAbsent(row.aggregateIdentifier(), k -> new ArrayList<>())
                    .add(row);
        }
        for (List<GoldenCorpus.Row> stream : byAggregate.values()) {
            GoldenCorpus.Row first = stream.get(0);
            String name = StreamNames.aggregate("default", first.type(), first.aggregateIdentifier());
            append(
                    StreamNames.index(first.aggregateIdentifier()),
                    StreamState.noStream(),
                    EventData.builderAsJson(
                                    StreamNames.INDEX_EVENT_TYPE,
                                    ("{\"stream\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8))
                            .build());
            for (GoldenCorpus.Row row : stream) {
                ObjectNode metadata = (ObjectNode) JSON.readTree(row.metaData());
                ObjectNode store = metadata.putObject(StoredRecords.STORE);
                store.put("aggregateType", row.type());
                store.put("aggregateId", row.aggregateIdentifier());
                store.put("sequence", row.sequenceNumber());
                store.put("eventId", row.eventIdentifier());
                store.put("timestamp", row.timeStamp());
                if (row.payloadRevision() != null) {
                    store.put("revision", row.payloadRevision());
                }
                append(
                        name,
                        row.sequenceNumber() == 0
                                ? StreamState.noStream()
                                : StreamState.streamRevision(row.sequenceNumber() - 1),
                        EventData.builderAsJson(
                                        StoredRecords.eventId(row.eventIdentifier()),
                                        row.payloadType(),
                                        row.payload().getBytes(StandardCharsets.UTF_8))
                                .metadataAsBytes(JSON.writeValueAsBytes(metadata))
                                .build());
            }
        }
    }

    private void append(String stream, StreamState expected, EventData event) throws Exception {
        connection
                .client()
                .appendToStream(stream, AppendToStreamOptions.get().streamState(expected), event)
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        protocolDouble.close();
    }

    private static Class<?> expected(GoldenCorpus.Row row) {
        return EventTypes.ALL.forName(row.payloadType()).orElseThrow().type();
    }

    @Test
    void everyStoredEventTracksAndLoadsAsTheClassItsNameStandsFor() {
        List<TrackedEventMessage<?>> tracked = new ArrayList<>();
        engine.readEvents(null, false).forEach(tracked::add);
        assertThat(tracked).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(tracked.get(i).getPayload())
                    .as("row %d (%s)", i, rows.get(i).payloadType())
                    .isInstanceOf(expected(rows.get(i)));
        }
        for (GoldenCorpus.Row row : rows) {
            assertThat(engine.readEvents(row.aggregateIdentifier())
                            .asStream()
                            .filter(e -> e.getSequenceNumber() == row.sequenceNumber())
                            .findFirst()
                            .orElseThrow()
                            .getPayload())
                    .isInstanceOf(expected(row));
        }
    }

    @Test
    void theFeedDeliversEveryStoredEventReadable() throws Exception {
        List<StoredEvent> delivered = new ArrayList<>();
        try (EventFeed.Stream stream = new KurrentDbEventFeed(engine).open(FeedPosition.START)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < rows.size() && System.nanoTime() < deadline) {
                if (stream.hasNext(Duration.ofMillis(200))) {
                    delivered.add(stream.next());
                }
            }
            assertThat(stream.hasNext(Duration.ofMillis(300))).isFalse();
        }
        assertThat(delivered).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(delivered.get(i).payload())
                    .as("row %d (%s)", i, rows.get(i).payloadType())
                    .isNotInstanceOf(UnreadableEvent.class)
                    .isInstanceOf(expected(rows.get(i)));
            assertThat(delivered.get(i).eventId()).isEqualTo(rows.get(i).eventIdentifier());
        }
    }
}
