package io.atrium.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.events.ActorId;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.kurrent.dbclient.KurrentDBConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The projections' feed over a subscription to $all, against the KurrentDB protocol double. */
class KurrentDbEventFeedTest {

    private KurrentDbProtocolDouble protocolDouble;
    private KurrentDbConnection client;
    private KurrentDbEventStorageEngine engine;

    @BeforeEach
    void start() {
        protocolDouble = KurrentDbProtocolDouble.start();
        client = new KurrentDbConnection(KurrentDBConnectionString.parseOrThrow(protocolDouble.connectionString()));
        engine = KurrentDbEventStorageEngine.forAtrium(client, Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        protocolDouble.close();
    }

    private String create(String name) {
        MiniProgramId id = MiniProgramId.generate();
        engine.appendEvents(new GenericDomainEventMessage<>(
                "MiniProgram",
                id.value(),
                0,
                new MiniProgramCreated(
                        id,
                        TenantId.DEFAULT,
                        MiniProgramDetails.of(name, "", "tools", List.of()),
                        new ActorId("key-dev")),
                MetaData.from(Map.of(EventMetadata.TENANT, "default", EventMetadata.ACTOR, "key-dev"))));
        return id.value();
    }

    private static List<StoredEvent> take(EventFeed.Stream stream, int count) throws InterruptedException {
        List<StoredEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            if (stream.hasNext(Duration.ofMillis(200))) {
                events.add(stream.next());
            }
        }
        return events;
    }

    @Test
    void deliversAtriumEventsInOrderThenLiveOnesAndResumesAfterACheckpoint() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("App " + i));
        }
        KurrentDbEventFeed feed = new KurrentDbEventFeed(engine);
        List<StoredEvent> first;
        try (EventFeed.Stream stream = feed.open(FeedPosition.START)) {
            first = take(stream, 5);
            ids.add(create("Live"));
            first.addAll(take(stream, 1));
            // Nothing else: index records and the double's system records never reach the feed.
            assertThat(stream.hasNext(Duration.ofMillis(300))).isFalse();
        }
        assertThat(first).extracting(StoredEvent::aggregateId).containsExactlyElementsOf(ids);
        assertThat(first).extracting(StoredEvent::type).containsOnly("atrium.miniprogram.MiniProgramCreated");
        assertThat(first).extracting(StoredEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(first.get(0).metadata().actor().value()).isEqualTo("key-dev");
        assertThat(feed.headPosition()).isEqualTo(first.get(5).position());
        // Positions are byte offsets, not counts; lag and replay totals count the events between them.
        assertThat(first.get(5).position() - first.get(0).position()).isGreaterThan(5);
        assertThat(feed.eventsBetween(-1, feed.headPosition())).isEqualTo(6);
        assertThat(feed.eventsBetween(first.get(2).position(), feed.headPosition()))
                .isEqualTo(3);
        assertThat(engine.countBetween(first.get(0).position(), first.get(5).position(), 2))
                .as("estimated past the exact part")
                .isBetween(3L, 8L);

        // A reader that checkpointed after the third event gets exactly the rest.
        try (EventFeed.Stream stream = feed.open(first.get(2).after())) {
            assertThat(take(stream, 3))
                    .extracting(StoredEvent::aggregateId)
                    .containsExactlyElementsOf(ids.subList(3, 6));
            assertThat(stream.hasNext(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void resumesAfterTheServerWasUnreachable() throws Exception {
        String before = create("Before");
        KurrentDbEventFeed feed = new KurrentDbEventFeed(engine);
        try (EventFeed.Stream stream = feed.open(FeedPosition.START)) {
            assertThat(take(stream, 1)).extracting(StoredEvent::aggregateId).containsExactly(before);
            protocolDouble.stopServing();
            assertThat(stream.hasNext(Duration.ofMillis(500))).isFalse();
            protocolDouble.serveAgain();
            String after = create("After");
            assertThat(take(stream, 1)).extracting(StoredEvent::aggregateId).containsExactly(after);
            assertThat(stream.hasNext(Duration.ofMillis(300))).isFalse();
        }
    }
}
