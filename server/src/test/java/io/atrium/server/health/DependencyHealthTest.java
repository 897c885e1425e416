package io.atrium.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.cluster.kafka.KafkaProbe;
import io.atrium.cluster.kafka.KafkaTopic;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The Kafka and Elasticsearch readiness checks against the real servers scripts/services starts, and
 * against a port where nothing answers: up with what the servers said, down otherwise.
 */
@Tag("services")
class DependencyHealthTest {

    private static final String KAFKA = System.getenv().getOrDefault("ATRIUM_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    private static final String ELASTICSEARCH =
            System.getenv().getOrDefault("ATRIUM_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void kafkaIsUpWhenTheBrokersDescribeTheTopicAndDownOtherwise() {
        KafkaTopic topic = new KafkaTopic(KAFKA, "atrium-health-test-" + UUID.randomUUID(), 1, (short) 1);
        try (KafkaProbe probe = new KafkaProbe(topic)) {
            Health missing = new KafkaHealth(probe, TIMEOUT).health();
            assertThat(missing.getStatus()).isEqualTo(Status.DOWN);

            topic.ensure();
            Health up = new KafkaHealth(probe, TIMEOUT).health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("partitions", 1);
        }
        KafkaTopic nowhere = new KafkaTopic("127.0.0.1:" + closedPort(), "atrium.events", 1, (short) 1);
        try (KafkaProbe probe = new KafkaProbe(nowhere)) {
            assertThat(new KafkaHealth(probe, TIMEOUT).health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void elasticsearchIsUpOnAnAnsweringClusterAndDownWhereNothingListens() {
        Health up = new ElasticsearchHealth(ELASTICSEARCH, TIMEOUT).health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails().get("cluster")).isIn("green", "yellow");

        Health down = new ElasticsearchHealth("http://127.0.0.1:" + closedPort(), TIMEOUT).health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    }

    /** A port that was free a moment ago: nothing listens there. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
