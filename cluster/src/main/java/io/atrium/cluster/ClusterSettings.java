package io.atrium.cluster;

import io.atrium.cluster.kafka.KafkaTopic;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.core.env.Environment;

/**
 * Cluster mode's settings, read once from the environment.
 *
 * @param nodeId           {@code atrium.node-id}: names this node in the relay lease and the logs
 *                         (default {@code host:pid}); a restarted node should keep its id
 * @param topic            {@code atrium.kafka.*}: where the event log travels
 * @param leaseTime        {@code atrium.relay.lease-seconds}: how long a silent relay holder keeps the
 *                         relay before a standby takes it
 */
public record ClusterSettings(String nodeId, KafkaTopic topic, Duration leaseTime) {

    public static ClusterSettings from(Environment environment) {
        String nodeId = environment.getProperty(
                "atrium.node-id", ManagementFactory.getRuntimeMXBean().getName());
        KafkaTopic topic = new KafkaTopic(
                environment.getProperty("atrium.kafka.bootstrap-servers", "127.0.0.1:9092"),
                environment.getProperty("atrium.kafka.topic", "atrium.events"),
                environment.getProperty("atrium.kafka.partitions", Integer.class, 1),
                environment.getProperty("atrium.kafka.replication-factor", Short.class, (short) 1));
        long lease = environment.getProperty("atrium.relay.lease-seconds", Long.class, 10L);
        if (lease < 1) {
            throw new IllegalArgumentException("atrium.relay.lease-seconds must be at least 1, was " + lease);
        }
        return new ClusterSettings(nodeId, topic, Duration.ofSeconds(lease));
    }
}
