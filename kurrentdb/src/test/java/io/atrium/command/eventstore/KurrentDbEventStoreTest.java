package io.atrium.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.kurrentdb.KurrentDbConnection;
import io.atrium.kurrentdb.KurrentDbEventStorageEngine;
import io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/**
 * The event-store contract on KurrentDB. By default against {@link KurrentDbProtocolDouble}, the
 * in-process double of KurrentDB's gRPC protocol (no KurrentDB server can run where this project is
 * built); with {@code ATRIUM_TEST_KURRENTDB_URL} set (a connection string such as
 * {@code kurrentdb://127.0.0.1:2113?tls=false}), against that real server. Each test works in a
 * store of its own: a fresh double, or on a real server streams no other test names (ids are new
 * ULIDs) and the part of {@code $all} after the head it found.
 */
class KurrentDbEventStoreTest extends EventStoreContract {

    private static final @Nullable String REAL_SERVER = System.getenv("ATRIUM_TEST_KURRENTDB_URL");

    private @Nullable KurrentDbProtocolDouble protocolDouble;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private int databases;

    @Override
    protected StoreUnderTest openStore() {
        if (REAL_SERVER == null) {
            protocolDouble = KurrentDbProtocolDouble.start();
        }
        return reopenStore();
    }

    @Override
    protected StoreUnderTest reopenStore() {
        String connection = REAL_SERVER != null
                ? REAL_SERVER
                : java.util.Objects.requireNonNull(protocolDouble).connectionString();
        KurrentDbConnection client = new KurrentDbConnection(KurrentDBConnectionString.parseOrThrow(connection));
        // The command side's own tables stay in SQL beside KurrentDB; an in-memory H2 stands in for them.
        HikariDataSource sql = EventStoreDatabase.open(
                "jdbc:h2:mem:kurrent-" + System.identityHashCode(this) + "-" + databases++ + ";DB_CLOSE_DELAY=-1",
                "sa",
                "",
                2);
        return new StoreUnderTest() {
            private @Nullable KurrentDbEventStorageEngine last;
            // A real server is shared by every test: each reads $all from the head as it found it.
            private final @Nullable TrackingToken origin =
                    REAL_SERVER == null ? null : engine(null).createHeadToken();

            @Override
            public @Nullable TrackingToken origin() {
                return origin;
            }

            @Override
            public DataSource dataSource() {
                return sql;
            }

            @Override
            public EventStorageEngine engine(@Nullable TransactionManager transactions) {
                last = KurrentDbEventStorageEngine.forAtrium(client, Duration.ofSeconds(5));
                return last;
            }

            @Override
            public List<Long> storedSnapshotSequences(String aggregateId) {
                List<Long> sequences = new ArrayList<>();
                for (RecordedEvent snapshot : readStream(client, "snapshot-" + streamOf(client, aggregateId))) {
                    sequences.add(sequenceIn(snapshot));
                }
                return sequences;
            }

            @Override
            public String storedPayload(String aggregateId, long sequence) {
                return new String(event(client, aggregateId, sequence).getEventData(), StandardCharsets.UTF_8);
            }

            @Override
            public String storedTimestamp(String aggregateId, long sequence) {
                String metadata =
                        new String(event(client, aggregateId, sequence).getUserMetadata(), StandardCharsets.UTF_8);
                int at = metadata.indexOf("\"timestamp\":\"");
                return metadata.substring(at + 13, metadata.indexOf('"', at + 13));
            }

            @Override
            public void close() {
                sql.close();
                try {
                    client.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @AfterEach
    void stopDouble() {
        if (protocolDouble != null) {
            protocolDouble.close();
            protocolDouble = null;
        }
    }

    static String streamOf(KurrentDbConnection client, String aggregateId) {
        List<RecordedEvent> index = readStream(client, "atrium.index-" + aggregateId);
        if (index.isEmpty()) {
            throw new AssertionError("no stream index for " + aggregateId);
        }
        String data = new String(index.get(0).getEventData(), StandardCharsets.UTF_8);
        int at = data.indexOf("\"stream\":\"");
        return data.substring(at + 10, data.indexOf('"', at + 10));
    }

    static RecordedEvent event(KurrentDbConnection client, String aggregateId, long sequence) {
        return readStream(client, streamOf(client, aggregateId)).stream()
                .filter(e -> e.getRevision() == sequence)
                .findFirst()
                .orElseThrow();
    }

    static List<RecordedEvent> readStream(KurrentDbConnection client, String stream) {
        try {
            List<RecordedEvent> events = new ArrayList<>();
            for (ResolvedEvent e : client.client()
                    .readStream(stream, ReadStreamOptions.get().forwards().fromStart())
                    .get(10, TimeUnit.SECONDS)
                    .getEvents()) {
                events.add(e.getOriginalEvent());
            }
            return events;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StreamNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sequenceIn(RecordedEvent snapshot) {
        String metadata = new String(snapshot.getUserMetadata(), StandardCharsets.UTF_8);
        int at = metadata.indexOf("\"sequence\":");
        int end = at + 11;
        while (end < metadata.length() && Character.isDigit(metadata.charAt(end))) {
            end++;
        }
        return Long.parseLong(metadata.substring(at + 11, end));
    }
}
