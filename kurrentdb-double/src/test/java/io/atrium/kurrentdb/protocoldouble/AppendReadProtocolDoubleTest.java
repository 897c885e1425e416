package io.atrium.kurrentdb.protocoldouble;

import static io.atrium.kurrentdb.protocoldouble.Clients.json;
import static io.atrium.kurrentdb.protocoldouble.Clients.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.ReadResult;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WriteResult;
import io.kurrent.dbclient.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AppendReadProtocolDoubleTest {
    private static KurrentDbProtocolDouble server;
    private static KurrentDBClient client;

    @BeforeAll
    static void start() {
        server = KurrentDbProtocolDouble.start();
        client = Clients.connect(server);
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown().get();
        server.close();
    }

    @Test
    void an_appended_event_reads_back_with_everything_the_client_sent() throws Exception {
        String stream = stream("order");
        UUID id = UUID.randomUUID();
        byte[] data = "{\"total\":12}".getBytes(StandardCharsets.UTF_8);
        byte[] metadata = new byte[] {0, 1, 2, (byte) 0xff};
        Instant before = Instant.now().minusSeconds(1);

        WriteResult written = client.appendToStream(
                        stream,
                        EventDataBuilder.json(id, "atrium.OrderPlaced", data)
                                .metadataAsBytes(metadata)
                                .build())
                .get();
        ReadResult read =
                client.readStream(stream, ReadStreamOptions.get().fromStart()).get();

        assertThat(written.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(0));
        assertThat(read.getEvents()).hasSize(1);
        RecordedEvent event = read.getEvents().get(0).getOriginalEvent();
        assertThat(event.getStreamId()).isEqualTo(stream);
        assertThat(event.getRevision()).isZero();
        assertThat(event.getEventId()).isEqualTo(id);
        assertThat(event.getEventType()).isEqualTo("atrium.OrderPlaced");
        assertThat(event.getContentType()).isEqualTo("application/json");
        assertThat(event.getEventData()).isEqualTo(data);
        assertThat(event.getUserMetadata()).isEqualTo(metadata);
        assertThat(event.getCreated()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(event.getPosition()).isEqualTo(written.getLogPosition());
        assertThat(read.getLastStreamPosition()).isZero();
    }

    @Test
    void binary_events_come_back_as_octet_stream() throws Exception {
        String stream = stream("blob");
        client.appendToStream(
                        stream,
                        EventDataBuilder.binary("atrium.Blob", new byte[] {9, 8, 7})
                                .build())
                .get();

        RecordedEvent event = client.readStream(stream, ReadStreamOptions.get())
                .get()
                .getEvents()
                .get(0)
                .getOriginalEvent();

        assertThat(event.getContentType()).isEqualTo("application/octet-stream");
        assertThat(event.getEventData()).containsExactly(9, 8, 7);
    }

    @Test
    void revisions_are_dense_and_reads_honour_direction_start_and_count() throws Exception {
        String stream = stream("count");
        for (int i = 0; i < 5; i++) {
            client.appendToStream(stream, json("atrium.Counted", "{\"i\":" + i + "}"))
                    .get();
        }

        assertThat(revisions(client.readStream(stream, ReadStreamOptions.get().fromStart())
                        .get()))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(revisions(client.readStream(
                                stream, ReadStreamOptions.get().fromRevision(2).maxCount(2))
                        .get()))
                .containsExactly(2L, 3L);
        assertThat(revisions(client.readStream(
                                stream,
                                ReadStreamOptions.get().backwards().fromEnd().maxCount(3))
                        .get()))
                .containsExactly(4L, 3L, 2L);
        assertThat(revisions(client.readStream(
                                stream, ReadStreamOptions.get().backwards().fromRevision(1))
                        .get()))
                .containsExactly(1L, 0L);
        assertThat(revisions(client.readStream(stream, ReadStreamOptions.get().fromEnd())
                        .get()))
                .isEmpty();
    }

    @Test
    void a_missing_stream_is_reported_as_not_found() {
        assertThatThrownBy(() -> client.readStream(stream("nobody"), ReadStreamOptions.get())
                        .get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StreamNotFoundException.class);
    }

    @Test
    void no_stream_conflicts_once_the_stream_exists() throws Exception {
        String stream = stream("nostream");
        client.appendToStream(stream, options(StreamState.noStream()), json("atrium.A", "{}"))
                .get();

        WrongExpectedVersionException conflict =
                conflict(() -> client.appendToStream(stream, options(StreamState.noStream()), json("atrium.A", "{}"))
                        .get());

        assertThat(conflict.getStreamName()).isEqualTo(stream);
        assertThat(conflict.getActualState()).isEqualTo(StreamState.streamRevision(0));
    }

    @Test
    void stream_exists_conflicts_on_a_missing_stream() {
        String stream = stream("exists");

        WrongExpectedVersionException conflict = conflict(
                () -> client.appendToStream(stream, options(StreamState.streamExists()), json("atrium.A", "{}"))
                        .get());

        assertThat(conflict.getActualState()).isEqualTo(StreamState.noStream());
        assertThat(conflict.getExpectedState()).isEqualTo(StreamState.streamExists());
    }

    @Test
    void an_exact_revision_conflicts_unless_it_is_the_last_one() throws Exception {
        String stream = stream("exact");
        client.appendToStream(stream, json("atrium.A", "{}"), json("atrium.A", "{}"))
                .get();

        WrongExpectedVersionException conflict = conflict(
                () -> client.appendToStream(stream, options(StreamState.streamRevision(0)), json("atrium.A", "{}"))
                        .get());
        WriteResult written = client.appendToStream(
                        stream, options(StreamState.streamRevision(1)), json("atrium.A", "{}"))
                .get();

        assertThat(conflict.getExpectedState()).isEqualTo(StreamState.streamRevision(0));
        assertThat(conflict.getActualState()).isEqualTo(StreamState.streamRevision(1));
        assertThat(written.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(2));
        assertThat(conflict(() -> client.appendToStream(
                                        stream("exact-missing"),
                                        options(StreamState.streamRevision(0)),
                                        json("atrium.A", "{}"))
                                .get())
                        .getActualState())
                .isEqualTo(StreamState.noStream());
    }

    @Test
    void any_never_conflicts() throws Exception {
        String stream = stream("any");
        client.appendToStream(stream, options(StreamState.any()), json("atrium.A", "{}"))
                .get();
        WriteResult second = client.appendToStream(stream, options(StreamState.any()), json("atrium.A", "{}"))
                .get();

        assertThat(second.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(1));
    }

    @Test
    void a_retried_append_returns_the_first_result_and_stores_once() throws Exception {
        String stream = stream("retry");
        EventData first = json("atrium.A", "{\"n\":1}");
        EventData second = json("atrium.A", "{\"n\":2}");

        WriteResult original = client.appendToStream(stream, options(StreamState.noStream()), first, second)
                .get();
        WriteResult retried = client.appendToStream(stream, options(StreamState.noStream()), first, second)
                .get();
        WriteResult retriedWithAny = client.appendToStream(stream, options(StreamState.any()), first, second)
                .get();

        assertThat(retried.getNextExpectedRevision()).isEqualTo(original.getNextExpectedRevision());
        assertThat(retried.getLogPosition()).isEqualTo(original.getLogPosition());
        assertThat(retriedWithAny.getLogPosition()).isEqualTo(original.getLogPosition());
        assertThat(client.readStream(stream, ReadStreamOptions.get()).get().getEvents())
                .hasSize(2);
        // Only the ids that follow the expected revision count: a partial match is a conflict.
        conflict(() -> client.appendToStream(stream, options(StreamState.noStream()), first, json("atrium.A", "{}"))
                .get());
    }

    @Test
    void the_events_of_one_append_become_visible_together() throws Exception {
        String stream = stream("atomic");
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Integer> seenSizes = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    seenSizes.add(client.readStream(stream, ReadStreamOptions.get())
                            .get()
                            .getEvents()
                            .size());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof StreamNotFoundException)) {
                        throw new AssertionError(e);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reader.start();
        for (int batch = 0; batch < 30; batch++) {
            EventData[] events = new EventData[7];
            for (int i = 0; i < events.length; i++) {
                events[i] = json("atrium.Part", "{\"i\":" + i + "}");
            }
            client.appendToStream(stream, events).get();
        }
        writing.set(false);
        reader.join();

        assertThat(seenSizes)
                .isNotEmpty()
                .allSatisfy(size -> assertThat(size % 7).isZero());
    }

    @Test
    void max_count_hides_all_but_the_newest_events() throws Exception {
        String stream = stream("capped");
        for (int i = 0; i < 6; i++) {
            client.appendToStream(stream, json("atrium.Tick", "{\"i\":" + i + "}"))
                    .get();
        }
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxCount(2L);
        client.setStreamMetadata(stream, metadata).get();

        assertThat(revisions(client.readStream(stream, ReadStreamOptions.get().fromStart())
                        .get()))
                .containsExactly(4L, 5L);
        assertThat(revisions(client.readStream(stream, ReadStreamOptions.get().fromRevision(1))
                        .get()))
                .containsExactly(4L, 5L);
        assertThat(revisions(client.readStream(
                                stream, ReadStreamOptions.get().backwards().fromEnd())
                        .get()))
                .containsExactly(5L, 4L);
        // Backwards from the start begins at revision 0, which is no longer visible.
        assertThat(revisions(client.readStream(
                                stream, ReadStreamOptions.get().backwards().fromStart())
                        .get()))
                .isEmpty();
        assertThat(client.getStreamMetadata(stream).get().getMaxCount()).isEqualTo(2L);

        StreamMetadata wider = new StreamMetadata();
        wider.setMaxCount(3L);
        client.setStreamMetadata(stream, wider).get();
        // The metastream shows only its latest event, so the client reads the new document.
        assertThat(client.getStreamMetadata(stream).get().getMaxCount()).isEqualTo(3L);
        assertThat(revisions(client.readStream(stream, ReadStreamOptions.get()).get()))
                .containsExactly(3L, 4L, 5L);
    }

    @Test
    void a_soft_deleted_stream_reads_as_missing_and_continues_its_revisions() throws Exception {
        String stream = stream("deleted");
        client.appendToStream(stream, json("atrium.A", "{}"), json("atrium.A", "{}"))
                .get();

        client.deleteStream(stream, DeleteStreamOptions.get().streamRevision(1)).get();

        assertThatThrownBy(
                        () -> client.readStream(stream, ReadStreamOptions.get()).get())
                .hasCauseInstanceOf(StreamNotFoundException.class);
        WriteResult after =
                client.appendToStream(stream, json("atrium.A", "{}")).get();
        assertThat(after.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(2));
        assertThat(revisions(client.readStream(stream, ReadStreamOptions.get()).get()))
                .containsExactly(2L);
        assertThatThrownBy(() -> client.deleteStream(
                                stream, DeleteStreamOptions.get().streamRevision(0))
                        .get())
                .hasCauseInstanceOf(WrongExpectedVersionException.class);
    }

    @Test
    void unimplemented_calls_say_so() {
        assertThatThrownBy(() -> client.tombstoneStream(stream("hard")).get())
                .cause()
                .isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> {
                    Status status = ((StatusRuntimeException) e).getStatus();
                    assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(status.getDescription()).contains("protocol double");
                });
    }

    @Test
    void services_the_double_lacks_answer_unimplemented_and_name_the_method() throws Exception {
        KurrentDBPersistentSubscriptionsClient persistent = KurrentDBPersistentSubscriptionsClient.create(
                KurrentDBConnectionString.parseOrThrow(server.connectionString()));
        try {
            assertThatThrownBy(() ->
                            persistent.createToStream(stream("ps"), "group").get())
                    .cause()
                    .isInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> {
                        Status status = ((StatusRuntimeException) e).getStatus();
                        assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(status.getDescription())
                                .contains("protocol double")
                                .contains("persistent_subscriptions");
                    });
        } finally {
            persistent.shutdown().get();
        }
    }

    private static AppendToStreamOptions options(StreamState state) {
        return AppendToStreamOptions.get()
                .streamState(state)
                .deadline(Duration.ofSeconds(5).toMillis());
    }

    private static WrongExpectedVersionException conflict(ThrowingCall call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WrongExpectedVersionException.class);
            return (WrongExpectedVersionException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a WrongExpectedVersionException");
    }

    private static List<Long> revisions(ReadResult result) {
        return result.getEvents().stream()
                .map(ResolvedEvent::getOriginalEvent)
                .map(RecordedEvent::getRevision)
                .toList();
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
