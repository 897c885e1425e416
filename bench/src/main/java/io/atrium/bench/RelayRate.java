package io.atrium.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How fast a relay publishes a backlog: a command node started on a new topic finds every event of the
 * store unpublished and relays them all. The window opens at the first reading of the relay's
 * {@code event_relay} row (read every 10 ms) that shows records published (so the node's start-up is outside it) and
 * closes at the first reading that shows the whole backlog published; the rate is the records
 * published in between over that time. It then reads a sample of the records back to give their mean
 * size (key, value and headers), which the producer baseline is run with.
 */
final class RelayRate {

    private RelayRate() {}

    static int run(String jdbcUrl, String user, String password, String topic, String bootstrap, ProcessCpu relay)
            throws Exception {
        long backlog;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM domain_event_entry");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                backlog = rs.getLong(1);
            }
            System.out.printf("relay: backlog of %d events in the store, relaying to new topic %s%n", backlog, topic);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            long firstCount = -1;
            long firstAt = 0;
            ProcessCpu.Window cpu = null;
            long lastCount = 0;
            long lastAt = 0;
            while (System.nanoTime() < deadline) {
                long published = published(c, topic);
                long now = System.nanoTime();
                if (published > 0 && firstCount < 0) {
                    firstCount = published;
                    firstAt = now;
                    cpu = relay.start();
                }
                if (published >= backlog) {
                    lastCount = published;
                    lastAt = now;
                    break;
                }
                Thread.sleep(10);
            }
            if (cpu == null || lastAt == 0) {
                System.out.println("relay: NOT VALID: the relay did not publish the backlog within 5 minutes");
                return 1;
            }
            ProcessCpu.Used used = cpu.end();
            long records = lastCount - firstCount;
            double seconds = (lastAt - firstAt) / 1e9;
            if (records < backlog / 2 || seconds < 0.5) {
                System.out.printf(
                        "relay: NOT VALID: the window held %d of %d records over %.2f s; seed a larger backlog%n",
                        records, backlog, seconds);
                return 1;
            }
            System.out.printf(
                    "relay: %d records in %.2f s (first reading %d, last %d): %.0f records/s%n",
                    records, seconds, firstCount, lastCount, records / seconds);
            System.out.println(used.line("relay node", records, "record"));
            System.out.printf("RELAY_RATE=%.0f%n", records / seconds);
        }
        System.out.printf("RECORD_BYTES=%d%n", meanRecordBytes(topic, bootstrap));
        return 0;
    }

    private static long published(Connection c, String topic) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT published FROM event_relay WHERE name = ?")) {
            s.setString(1, topic);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The mean size of the first 2,000 records: key, value and every header's name and value. */
    private static long meanRecordBytes(String topic, String bootstrap) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long bytes = 0;
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (count < 2_000 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    bytes += record.key() == null ? 0 : record.key().length;
                    bytes += record.value() == null ? 0 : record.value().length;
                    for (Header header : record.headers()) {
                        bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
                    }
                    count++;
                }
            }
            if (count == 0) {
                throw new IllegalStateException("no record of " + topic + " could be read back");
            }
            return bytes / count;
        }
    }
}
