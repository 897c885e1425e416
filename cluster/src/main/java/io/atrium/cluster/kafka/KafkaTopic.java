package io.atrium.cluster.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topic the event log travels on, and how it is laid out.
 * <p>
 * The topic keeps every event forever ({@code retention.ms=-1}): a projection replayed on a node
 * without the event store reads it from the first record, so the topic is the log, not a buffer.
 * With one partition (the default) the topic's order is the relay's order. With more, each aggregate's
 * events stay on one partition (the key is its id) and consumers merge the partitions back into the
 * relay's order by each record's {@code atrium-prev} header.
 *
 * @param name              {@code atrium.kafka.topic}
 * @param partitions        {@code atrium.kafka.partitions}
 * @param replicationFactor {@code atrium.kafka.replication-factor}
 */
public record KafkaTopic(String bootstrapServers, String name, int partitions, short replicationFactor) {

    public KafkaTopic {
        if (name.isBlank()) {
            throw new IllegalArgumentException("atrium.kafka.topic must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("atrium.kafka.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "atrium.kafka.replication-factor must be at least 1, was " + replicationFactor);
        }
    }

    /** Creates the topic when it does not exist; refuses one whose layout breaks what consumers rely on. */
    public void ensure() {
        try (Admin admin = Admin.create(adminProperties())) {
            try {
                NewTopic topic = new NewTopic(name, partitions, replicationFactor)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG, "-1",
                                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
                admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + name + ": " + e.getCause(), e);
                }
            }
            TopicDescription description = admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(name);
            if (description == null) {
                throw new IllegalStateException("Kafka at " + bootstrapServers + " does not describe topic " + name);
            }
            if (description.partitions().size() != partitions) {
                // A changed partition count would move aggregates between partitions mid-log.
                throw new IllegalStateException(
                        "topic " + name + " has " + description.partitions().size()
                                + " partitions but atrium.kafka.partitions is " + partitions
                                + "; a topic's layout cannot change under its log: use a new topic name");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer about topic " + name, e);
        }
    }

    /** The topic's partition count as the broker has it. */
    public int partitionsOnBroker() {
        try (Admin admin = Admin.create(adminProperties())) {
            TopicDescription description = admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(name);
            if (description == null) {
                throw new IllegalStateException("Kafka at " + bootstrapServers + " does not describe topic " + name);
            }
            return description.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "topic " + name + " is not readable at " + bootstrapServers + " (has a relay created it?)", e);
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return properties;
    }
}
