package io.atrium.cluster;

import io.atrium.cluster.kafka.EventRecords;
import io.atrium.cluster.relay.EventRelay;
import io.atrium.cluster.relay.RelayLease;
import io.atrium.cluster.relay.StoreCommitProbe;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.projections.feed.AxonEventFeed;
import io.atrium.projections.feed.CommitProbe;
import io.atrium.projections.feed.EventFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** The relay, on command nodes in cluster mode. */
@Configuration(proxyBeanMethods = false)
public class RelayConfiguration {

    @Bean
    EventRelay eventRelay(
            EventStore eventStore,
            JdbcTemplate jdbc,
            DataSource dataSource,
            Environment environment,
            @Qualifier("eventStoreFeed") ObjectProvider<EventFeed> storeFeed,
            @Value("${atrium.projections.hold-back-ms:50}") long holdBackMillis,
            ObjectProvider<MeterRegistry> meters) {
        ClusterSettings settings = ClusterSettings.from(environment);
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.topic().bootstrapServers());
        // Idempotent: a retried send is written once and in order, so a batch lands as the relay sent it.
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Bounded waits: a dead broker fails the batch (the relay resumes from its checkpoint) instead
        // of holding it for the client's two-minute default.
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "atrium-relay-" + settings.nodeId());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // A store with a feed of its own (KurrentDB's subscription to $all) is relayed from that feed;
        // the JDBC stores are read through Axon, with the commit probe keeping their order exact.
        EventFeed source = storeFeed.getIfAvailable(
                () -> new AxonEventFeed(eventStore, Duration.ofMillis(holdBackMillis), commitProbe(dataSource)));
        EventRelay relay = new EventRelay(
                source,
                // The incarnation keeps two processes with one node id from both holding the lease.
                new RelayLease(
                        jdbc,
                        settings.topic().name(),
                        settings.nodeId() + "#"
                                + Long.toString(ProcessHandle.current().pid(), 36) + "-"
                                + Long.toString(System.currentTimeMillis(), 36),
                        settings.leaseTime()),
                () -> new KafkaProducer<>(producer),
                new EventRecords(AxonEventStore.eventMapper(), EventTypes.ALL, EventUpcasters.ALL),
                settings.topic());
        MeterRegistry registry = meters.getIfUnique();
        if (registry != null) {
            // A gauge: read when the registry is scraped, nothing added to the relay's loop.
            Gauge.builder("atrium.relay.lag.events", relay, EventRelay::lagEvents)
                    .description("Events stored but not yet published to the topic (NaN: another node holds the relay)")
                    .strongReference(true)
                    .register(registry);
        }
        return relay;
    }

    /**
     * The relay keeps the store's order exactly, so every node's operation log chains the same order a
     * replay does: on MariaDB/MySQL it asks the store whether a hole is a rolled-back append or a late
     * commit. H2 (one process, tests) has no such locking read; its holes fall back to the hold-back.
     */
    private static @Nullable CommitProbe commitProbe(DataSource dataSource) {
        // The dialect is read from the connection the relay will use, not from configuration, so the
        // probe matches the database actually behind the data source.
        try (java.sql.Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            return url != null && EventStoreDatabase.Dialect.of(url) == EventStoreDatabase.Dialect.MYSQL
                    ? new StoreCommitProbe(dataSource)
                    : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reach the event store to choose the relay's commit probe", e);
        }
    }

    /** Starts the relay once the node is up and stops it (handing the lease back) before the store closes. */
    @Bean
    SmartLifecycle eventRelayLifecycle(EventRelay relay) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                relay.start();
                running = true;
            }

            @Override
            public void stop() {
                relay.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
