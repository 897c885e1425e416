package io.atrium.cluster.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.cluster.kafka.EventRecords;
import io.atrium.cluster.kafka.KafkaEventFeed;
import io.atrium.cluster.kafka.KafkaTopic;
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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The relay against a real broker, reading a store double (a list) and leasing on H2: it publishes
 * every event once, in order, resumes from its checkpoint after a restart, and a standby node takes
 * over when the holder stops.
 */
@Tag("services")
class EventRelayTest {

    static final String BOOTSTRAP = System.getenv().getOrDefault("ATRIUM_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final EventRecords RECORDS =
            new EventRecords(AxonEventStore.eventMapper(), EventTypes.ALL, EventUpcasters.ALL);

    private ListStore store = new ListStore(1, true);
    private JdbcTemplate jdbc = new JdbcTemplate();
    private KafkaTopic topic = new KafkaTopic(BOOTSTRAP, "unset", 1, (short) 1);

    @BeforeEach
    void setUp() throws Exception {
        String[] hostPort = BOOTSTRAP.split(",")[0].split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (java.io.IOException e) {
            Assumptions.assumeTrue(false, "Kafka does not answer at " + BOOTSTRAP);
        }
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:relay" + System.nanoTime() + ";MODE=MySQL;DB_CLOSE_DELAY=-1", "sa", ""));
        jdbc.execute(H2RelayLeaseTest.script("db/eventstore/h2/V2__event_relay.sql"));
        topic = new KafkaTopic(BOOTSTRAP, "relay-test-" + UUID.randomUUID(), 2, (short) 1);
    }

    @Test
    void aStoreWithSparsePositionsAndNoLateEventsLeavesReadersNoGaps() throws Exception {
        // KurrentDB's $all positions are byte offsets: far apart, and nothing ever appears between them.
        store = new ListStore(517, false);
        store.append(120);
        EventRelay relay = relay("node-a");
        relay.start();
        long last = 119L * 517;
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.status().position() == last);
        relay.stop();

        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");
        try (EventFeed.Stream stream = feed.open("check-" + UUID.randomUUID(), FeedPosition.START)) {
            List<StoredEvent> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < 120 && System.nanoTime() < deadline) {
                if (stream.hasNext(Duration.ofMillis(200))) {
                    read.add(stream.next());
                }
            }
            assertThat(read)
                    .extracting(StoredEvent::position)
                    .containsExactlyElementsOf(
                            range(0, 119).stream().map(i -> i * 517).toList());
            // Without the relay's word that nothing comes later, each 516-wide hole would be kept as gaps.
            assertThat(read.get(119).after().gaps()).isEmpty();
        } finally {
            feed.close();
        }
    }

    private EventRelay relay(String node) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new EventRelay(
                store,
                new RelayLease(jdbc, topic.name(), node, Duration.ofSeconds(1)),
                () -> new KafkaProducer<>(properties),
                RECORDS,
                topic);
    }

    private List<Long> consumeAll(KafkaEventFeed feed, int count) throws InterruptedException {
        List<Long> positions = new ArrayList<>();
        try (EventFeed.Stream stream = feed.open("check-" + UUID.randomUUID(), FeedPosition.START)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (positions.size() < count && System.nanoTime() < deadline) {
                if (stream.hasNext(Duration.ofMillis(200))) {
                    positions.add(stream.next().position());
                }
            }
            assertThat(stream.hasNext(Duration.ofMillis(500)))
                    .as("nothing more than expected")
                    .isFalse();
        }
        return positions;
    }

    private static List<Long> range(long from, long to) {
        List<Long> positions = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            positions.add(p);
        }
        return positions;
    }

    @Test
    void publishesEveryEventOnceInOrderAndResumesAfterARestart() throws Exception {
        store.append(300);
        EventRelay first = relay("node-a");
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.status().position() == 299);
        first.stop();

        store.append(200);
        EventRelay again = relay("node-a");
        again.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> again.status().position() == 499);
        again.stop();

        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");
        try {
            assertThat(consumeAll(feed, 500)).containsExactlyElementsOf(range(0, 499));
        } finally {
            feed.close();
        }
        RelayLease.State state = new RelayLease(jdbc, topic.name(), "reader", Duration.ofSeconds(1)).read();
        assertThat(state.position().index()).isEqualTo(499);
        assertThat(state.published()).isEqualTo(500);
    }

    @Test
    void aStandbyPublishesNothingUntilTheHolderStopsThenTakesOver() throws Exception {
        store.append(100);
        EventRelay a = relay("node-a");
        a.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> a.status().position() == 99);
        EventRelay b = relay("node-b");
        b.start();
        Thread.sleep(2_500);
        assertThat(b.status().state()).isEqualTo("standby");
        assertThat(b.status().published()).isZero();

        a.stop();
        long stopped = System.nanoTime();
        // A clean stop hands the lease back: b does not wait out the lease time (1 s here).
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "active".equals(b.status().state()));
        assertThat(System.nanoTime() - stopped)
                .isLessThan(Duration.ofMillis(900).toNanos());
        store.append(100);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.status().position() == 199);
        b.stop();

        KafkaEventFeed feed = new KafkaEventFeed(topic, RECORDS, "test-");
        try {
            assertThat(consumeAll(feed, 200)).containsExactlyElementsOf(range(0, 199));
        } finally {
            feed.close();
        }
    }

    /**
     * A store double: events appended to a list, read in position order. Positions are the index times
     * {@code stride}; {@code holesMayFill} is what the store says of the holes between them.
     */
    static final class ListStore implements EventFeed {
        private final List<StoredEvent> events = new CopyOnWriteArrayList<>();
        private final long stride;
        private final boolean holesMayFill;

        ListStore(long stride, boolean holesMayFill) {
            this.stride = stride;
            this.holesMayFill = holesMayFill;
        }

        @Override
        public boolean holesMayFill() {
            return holesMayFill;
        }

        void append(int count) {
            for (int i = 0; i < count; i++) {
                long position = events.size() * stride;
                Instant at = Instant.parse("2026-11-30T10:00:00Z").plusMillis(position);
                events.add(new StoredEvent(
                        position,
                        new FeedPosition(position, new TreeSet<>()),
                        "event-" + position,
                        "key-agg" + position % 13,
                        "ApiKey",
                        position / 13,
                        at,
                        new ApiKeyRevoked(new ApiKeyId("key-agg" + position % 13), ActorId.SYSTEM),
                        new EventMetadata(TenantId.DEFAULT, ActorId.SYSTEM, "", "", "", "", at)));
            }
        }

        @Override
        public Stream open(FeedPosition after) {
            return new Stream() {
                private long next = after.index() < 0 ? 0 : after.index() / stride + 1;

                @Override
                public boolean hasNext(Duration wait) throws InterruptedException {
                    long deadline = System.nanoTime() + wait.toNanos();
                    while (next >= events.size()) {
                        if (System.nanoTime() >= deadline) {
                            return false;
                        }
                        Thread.sleep(5);
                    }
                    return true;
                }

                @Override
                public StoredEvent next() {
                    return events.get((int) next++);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public long headPosition() {
            return (events.size() - 1) * stride;
        }
    }
}
