package io.atrium.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.events.ActorId;
import io.atrium.events.EventMetadata;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.feed.UnreadableEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Kafka feed against a real broker: records published twice change nothing, a stream resumes from
 * a checkpoint's offsets, several partitions are merged back into the relay's order, and positions
 * passed as gaps are delivered when their event comes late.
 */
@Tag("services")
class KafkaEventFeedTest {

    static final String BOOTSTRAP = System.getenv().getOrDefault("ATRIUM_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final EventRecords RECORDS =
            new EventRecords(AxonEventStore.eventMapper(), EventTypes.ALL, EventUpcasters.ALL);

    @BeforeAll
    static void kafkaAnswers() {
        String[] hostPort = BOOTSTRAP.split(",")[0].split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (IOException e) {
            assumeTrue(false, "Kafka does not answer at " + BOOTSTRAP + " (start it with scripts/services)");
        }
    }

    private static KafkaTopic topic(int partitions) {
        KafkaTopic topic = new KafkaTopic(BOOTSTRAP, "feed-test-" + UUID.randomUUID(), partitions, (short) 1);
        topic.ensure();
        return topic;
    }

    private static EventRecords.Published event(long position, String aggregate) {
        Instant at = Instant.parse("2026-11-30T10:00:00.123456Z").plusSeconds(position);
        return new EventRecords.Published(
                position,
                "event-" + position,
                aggregate,
                "ApiKey",
                position,
                at,
                new ApiKeyRevoked(new ApiKeyId(aggregate), new ActorId("actor-" + position)),
                new EventMetadata(
                        TenantId.DEFAULT, new ActorId("actor-" + position), "10.0.0.1", "c", "k", "Revoke", at));
    }

    /** Publishes (position, prev) pairs in this order, each on the partition its aggregate's key picks. */
    private static void publish(KafkaTopic topic, long[][] chain) throws ExecutionException, InterruptedException {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            for (long[] link : chain) {
                ProducerRecord<String, byte[]> record =
                        RECORDS.encode(topic.name(), event(link[0], "key-agg" + link[0] % 7), link[1]);
                producer.send(record).get();
            }
        }
    }

    private static List<StoredEvent> read(EventFeed.Stream stream, int count) throws InterruptedException {
        List<StoredEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            if (stream.hasNext(Duration.ofMillis(200))) {
                events.add(stream.next());
            }
        }
        return events;
    }

    private static List<Long> positions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::position).toList();
    }

    @Test
    void recordsPublishedTwiceAreDeliveredOnceAndAsTheyWereWritten() throws Exception {
        KafkaTopic topic = topic(1);
        // A relay that crashed after publishing 3..5 but before saving its checkpoint at 2 publishes them again.
        publish(topic, new long[][] {{1, -1}, {2, 1}, {3, 2}, {4, 3}, {5, 4}, {3, 2}, {4, 3}, {5, 4}, {6, 5}});
        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");

        try (EventFeed.Stream stream = feed.open("dupes", FeedPosition.START)) {
            List<StoredEvent> events = read(stream, 6);
            assertThat(positions(events)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(stream.hasNext(Duration.ofSeconds(1))).isFalse();
            StoredEvent fourth = events.get(3);
            assertThat(fourth.payload()).isEqualTo(event(4, "key-agg4").payload());
            assertThat(fourth.metadata()).isEqualTo(event(4, "key-agg4").metadata());
            assertThat(fourth.timestamp()).isEqualTo(Instant.parse("2026-11-30T10:00:04.123456Z"));
            assertThat(fourth.eventId()).isEqualTo("event-4");
            assertThat(fourth.aggregateId()).isEqualTo("key-agg4");
            assertThat(fourth.type()).isEqualTo("atrium.apikey.ApiKeyRevoked");
        } finally {
            feed.close();
        }
    }

    @Test
    void aStreamResumesFromTheOffsetsItsCheckpointHolds() throws Exception {
        KafkaTopic topic = topic(1);
        publish(topic, new long[][] {{1, -1}, {2, 1}, {3, 2}, {4, 3}});
        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");
        FeedPosition checkpoint;
        try (EventFeed.Stream stream = feed.open("resume", FeedPosition.START)) {
            checkpoint = read(stream, 2).get(1).after();
        }
        assertThat(checkpoint.index()).isEqualTo(2);
        assertThat(checkpoint.resume()).isEqualTo("0:2");
        publish(topic, new long[][] {{5, 4}});

        try (EventFeed.Stream stream = feed.open("resume", checkpoint)) {
            assertThat(positions(read(stream, 3))).containsExactly(3L, 4L, 5L);
        }
        // Without offsets (a checkpoint written by the in-process feed) it reads from the start and skips.
        try (EventFeed.Stream stream = feed.open("resume", new FeedPosition(3, new java.util.TreeSet<>()))) {
            assertThat(positions(read(stream, 2))).containsExactly(4L, 5L);
        } finally {
            feed.close();
        }
        assertThat(feed.headPosition()).isEqualTo(5);
    }

    @Test
    void partitionsAreMergedBackIntoTheRelaysOrder() throws Exception {
        KafkaTopic topic = topic(3);
        List<long[]> chain = new ArrayList<>();
        for (long p = 1; p <= 60; p++) {
            chain.add(new long[] {p, p - 1 == 0 ? -1 : p - 1});
        }
        publish(topic, chain.toArray(long[][]::new));
        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");

        try (EventFeed.Stream stream = feed.open("merge", FeedPosition.START)) {
            List<StoredEvent> events = read(stream, 60);
            assertThat(positions(events))
                    .containsExactlyElementsOf(
                            chain.stream().map(link -> link[0]).toList());
            // Resuming anywhere in the middle gives the rest, once each, in order.
            FeedPosition middle = events.get(29).after();
            try (EventFeed.Stream again = feed.open("merge", middle)) {
                assertThat(positions(read(again, 30)))
                        .containsExactlyElementsOf(chain.subList(30, 60).stream()
                                .map(link -> link[0])
                                .toList());
            }
        } finally {
            feed.close();
        }
    }

    @Test
    void aPositionPassedAsAGapIsDeliveredWhenItsEventComesLate() throws Exception {
        KafkaTopic topic = topic(1);
        // The relay passed 3 (its transaction had not committed), then published it when it did.
        publish(topic, new long[][] {{1, -1}, {2, 1}, {4, 2}, {3, 4}, {5, 3}});
        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");

        try (EventFeed.Stream stream = feed.open("gaps", FeedPosition.START)) {
            List<StoredEvent> events = read(stream, 5);
            assertThat(positions(events)).containsExactly(1L, 2L, 4L, 3L, 5L);
            // (0 is a gap too: these positions start at 1.)
            assertThat(events.get(2).after().gaps()).containsExactly(0L, 3L);
            assertThat(events.get(3).after().gaps()).containsExactly(0L);
            // Resuming after 4, with 3 still a gap, gets 3 again and then 5.
            try (EventFeed.Stream again = feed.open("gaps", events.get(2).after())) {
                assertThat(positions(read(again, 2))).containsExactly(3L, 5L);
            }
        } finally {
            feed.close();
        }
    }

    @Test
    void aRecordThatIsNoAtriumEventIsPassedOverNotStoppedOn() throws Exception {
        KafkaTopic topic = topic(1);
        publish(topic, new long[][] {{1, -1}});
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            producer.send(new ProducerRecord<>(topic.name(), "stray", "{}".getBytes()))
                    .get();
        }
        publish(topic, new long[][] {{2, 1}});
        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");

        try (EventFeed.Stream stream = feed.open("stray", FeedPosition.START)) {
            List<StoredEvent> events = read(stream, 2);
            assertThat(positions(events)).containsExactly(1L, 2L);
            assertThat(events.get(1).after().resume()).isEqualTo("0:3");
        } finally {
            feed.close();
        }
    }

    @Test
    void aRecordThisBuildCannotReadBecomesAnUnreadableEventNotAFailure() throws Exception {
        KafkaTopic topic = topic(1);
        publish(topic, new long[][] {{1, -1}});
        ProducerRecord<String, byte[]> newer = RECORDS.encode(topic.name(), event(2, "key-x"), 1);
        newer.headers().remove(EventRecords.REVISION).add(EventRecords.REVISION, "99".getBytes());
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            producer.send(newer).get();
        }
        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");

        try (EventFeed.Stream stream = feed.open("poison", FeedPosition.START)) {
            List<StoredEvent> events = read(stream, 2);
            assertThat(events.get(1).payload()).isInstanceOfSatisfying(UnreadableEvent.class, unreadable -> {
                assertThat(unreadable.type()).isEqualTo("atrium.apikey.ApiKeyRevoked");
                assertThat(unreadable.error()).contains("revision 99 is newer");
            });
        } finally {
            feed.close();
        }
    }
}
