package io.atrium.kurrentdb.protocoldouble;

import static io.atrium.kurrentdb.protocoldouble.Clients.json;
import static io.atrium.kurrentdb.protocoldouble.Clients.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.SubscribeToAllOptions;
import io.kurrent.dbclient.SubscribeToStreamOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.SubscriptionListener;
import io.kurrent.dbclient.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllStreamProtocolDoubleTest {
    private KurrentDbProtocolDouble server;
    private KurrentDBClient client;

    @BeforeEach
    void start() {
        server = KurrentDbProtocolDouble.start();
        client = Clients.connect(server);
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdown().get();
        server.close();
    }

    @Test
    void all_reads_forwards_and_backwards_with_increasing_sparse_positions() throws Exception {
        for (int i = 0; i < 4; i++) {
            client.appendToStream(stream("all"), json("atrium.Step", "{\"i\":" + i + "}"))
                    .get();
        }

        List<RecordedEvent> forwards =
                events(client.readAll(ReadAllOptions.get().forwards().fromStart())
                        .get()
                        .getEvents());
        List<RecordedEvent> backwards = events(
                client.readAll(ReadAllOptions.get().backwards().fromEnd()).get().getEvents());

        // The start-up $settings event comes first, as the system records of a fresh server do.
        assertThat(forwards).hasSize(5);
        assertThat(forwards.get(0).getEventType()).isEqualTo("$settings");
        assertThat(backwards).extracting(RecordedEvent::getEventId).containsExactlyElementsOf(reversedIds(forwards));
        for (int i = 1; i < forwards.size(); i++) {
            long previous = forwards.get(i - 1).getPosition().getCommitUnsigned();
            long current = forwards.get(i).getPosition().getCommitUnsigned();
            assertThat(current).isGreaterThan(previous + 1);
            assertThat(forwards.get(i).getPosition().getPrepareUnsigned()).isEqualTo(current);
        }
    }

    @Test
    void all_reads_from_a_position_include_it_forwards_and_exclude_it_backwards() throws Exception {
        client.appendToStream(stream("pos"), json("atrium.A", "{}")).get();
        WriteResult middle =
                client.appendToStream(stream("pos"), json("atrium.B", "{}")).get();
        client.appendToStream(stream("pos"), json("atrium.C", "{}")).get();
        Position position = middle.getLogPosition();

        List<RecordedEvent> forwards = events(client.readAll(
                        ReadAllOptions.get().forwards().fromPosition(position).maxCount(2))
                .get()
                .getEvents());
        List<RecordedEvent> backwards = events(client.readAll(
                        ReadAllOptions.get().backwards().fromPosition(position).maxCount(1))
                .get()
                .getEvents());

        assertThat(forwards).extracting(RecordedEvent::getEventType).containsExactly("atrium.B", "atrium.C");
        assertThat(backwards).extracting(RecordedEvent::getEventType).containsExactly("atrium.A");
    }

    @Test
    void a_catch_up_subscription_starts_after_the_position_then_goes_live_in_order() throws Exception {
        String stream = stream("sub");
        WriteResult first =
                client.appendToStream(stream, json("atrium.N", "{\"n\":0}")).get();
        client.appendToStream(stream, json("atrium.N", "{\"n\":1}")).get();
        Recorder recorder = new Recorder();

        Subscription subscription = client.subscribeToAll(
                        recorder, SubscribeToAllOptions.get().fromPosition(first.getLogPosition()))
                .get();
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.caughtUp.get() == 1);
        for (int n = 2; n < 40; n++) {
            client.appendToStream(stream, json("atrium.N", "{\"n\":" + n + "}")).get();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.events.size() == 39);
        subscription.stop();
        assertThat(recorder.events)
                .extracting(RecordedEvent::getRevision)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(1, 40).boxed().toList());
    }

    @Test
    void a_stream_subscription_catches_up_after_a_revision_and_follows_live() throws Exception {
        String stream = stream("follow");
        for (int n = 0; n < 3; n++) {
            client.appendToStream(stream, json("atrium.N", "{}")).get();
        }
        client.appendToStream(stream("elsewhere"), json("atrium.Other", "{}")).get();
        Recorder recorder = new Recorder();

        Subscription subscription = client.subscribeToStream(
                        stream, recorder, SubscribeToStreamOptions.get().fromRevision(0))
                .get();
        client.appendToStream(stream, json("atrium.N", "{}")).get();

        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.events.size() == 3);
        subscription.stop();
        assertThat(recorder.events).extracting(RecordedEvent::getRevision).containsExactly(1L, 2L, 3L);
        assertThat(recorder.events).extracting(RecordedEvent::getStreamId).containsOnly(stream);
        assertThat(recorder.caughtUp.get()).isEqualTo(1);
    }

    @Test
    void filters_select_by_event_type_and_exclude_system_events() throws Exception {
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxCount(10L);
        String stream = stream("filtered");
        client.appendToStream(stream, json("atrium.Wanted", "{}"), json("other.Unwanted", "{}"))
                .get();
        client.setStreamMetadata(stream, metadata).get();
        client.appendToStream(stream, json("atrium.Wanted", "{}")).get();
        Recorder prefixed = new Recorder();
        Recorder userOnly = new Recorder();

        Subscription byPrefix = client.subscribeToAll(
                        prefixed,
                        SubscribeToAllOptions.get()
                                .filter(SubscriptionFilter.newBuilder()
                                        .addEventTypePrefix("atrium.")
                                        .build()))
                .get();
        Subscription noSystem = client.subscribeToAll(
                        userOnly,
                        SubscribeToAllOptions.get()
                                .filter(SubscriptionFilter.newBuilder()
                                        .withEventTypeRegularExpression("^[^$].*")
                                        .build()))
                .get();

        await().atMost(Duration.ofSeconds(5)).until(() -> prefixed.caughtUp.get() == 1 && userOnly.caughtUp.get() == 1);
        byPrefix.stop();
        noSystem.stop();
        assertThat(prefixed.events)
                .extracting(RecordedEvent::getEventType)
                .containsExactly("atrium.Wanted", "atrium.Wanted");
        assertThat(userOnly.events)
                .extracting(RecordedEvent::getEventType)
                .containsExactly("atrium.Wanted", "other.Unwanted", "atrium.Wanted");
    }

    @Test
    void a_filtered_subscription_reports_checkpoints_while_it_skips_events() throws Exception {
        for (int i = 0; i < 10; i++) {
            client.appendToStream(stream("noise"), json("noise.Event", "{}")).get();
        }
        List<Position> checkpoints = new CopyOnWriteArrayList<>();
        Recorder recorder = new Recorder();

        Subscription subscription = client.subscribeToAll(
                        recorder,
                        SubscribeToAllOptions.get()
                                .filter(SubscriptionFilter.newBuilder()
                                        .addEventTypePrefix("atrium.")
                                        .withMaxWindow(2)
                                        .withCheckpointer((s, position) -> {
                                            checkpoints.add(position);
                                            return java.util.concurrent.CompletableFuture.completedFuture(null);
                                        })
                                        .build()))
                .get();

        // 11 events in $all ($settings + 10), a checkpoint every 2 scanned events.
        await().atMost(Duration.ofSeconds(5)).until(() -> checkpoints.size() == 5);
        subscription.stop();
        assertThat(recorder.events).isEmpty();
        assertThat(checkpoints).isSortedAccordingTo(Position::compareTo);
    }

    @Test
    void a_cancelled_subscription_stops_receiving_and_is_released() throws Exception {
        String stream = stream("cancel");
        Recorder recorder = new Recorder();
        Subscription subscription = client.subscribeToStream(stream, recorder).get();
        client.appendToStream(stream, json("atrium.N", "{}")).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.events.size() == 1);

        subscription.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSubscriptions() == 0);
        client.appendToStream(stream, json("atrium.N", "{}")).get();
        Thread.sleep(200);

        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void a_slow_subscriber_holds_back_the_double_instead_of_piling_up() throws Exception {
        String stream = stream("slow");
        byte[] payload = new byte[16 * 1024];
        for (int batch = 0; batch < 40; batch++) {
            io.kurrent.dbclient.EventData[] events = new io.kurrent.dbclient.EventData[25];
            for (int i = 0; i < events.length; i++) {
                events[i] = io.kurrent.dbclient.EventDataBuilder.binary("atrium.Big", payload)
                        .build();
            }
            client.appendToStream(stream, events).get();
        }
        AtomicInteger received = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Subscription subscription = client.subscribeToStream(
                        stream,
                        new SubscriptionListener() {
                            @Override
                            public void onEvent(Subscription s, ResolvedEvent event) {
                                if (received.incrementAndGet() == 1) {
                                    try {
                                        release.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }
                            }
                        },
                        SubscribeToStreamOptions.get().batchSize(16))
                .get();

        // While the subscriber sits on its first event, the double may fill the transport's windows
        // and no more: far fewer than the 1000 events (16 MB) waiting in the log.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionEventsSent() > 0);
        Thread.sleep(500);
        long sentWhileBlocked = server.subscriptionEventsSent();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1000);
        subscription.stop();

        assertThat(sentWhileBlocked).isLessThan(250);
        assertThat(server.subscriptionEventsSent()).isEqualTo(1000);
    }

    private static List<java.util.UUID> reversedIds(List<RecordedEvent> events) {
        List<java.util.UUID> ids = new java.util.ArrayList<>(
                events.stream().map(RecordedEvent::getEventId).toList());
        java.util.Collections.reverse(ids);
        return ids;
    }

    private static List<RecordedEvent> events(List<ResolvedEvent> resolved) {
        return resolved.stream().map(ResolvedEvent::getOriginalEvent).toList();
    }

    private static final class Recorder extends SubscriptionListener {
        final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        final AtomicInteger caughtUp = new AtomicInteger();

        @Override
        public void onEvent(Subscription subscription, ResolvedEvent event) {
            events.add(event.getOriginalEvent());
        }

        @Override
        public void onCaughtUp(Subscription subscription, Instant timestamp, Long streamRevision, Position position) {
            caughtUp.incrementAndGet();
        }
    }
}
