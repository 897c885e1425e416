package io.atrium.cluster.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Whether the event log's topic can be read now: the brokers answer within a time limit and describe
 * the topic. A node's readiness asks this every few seconds, so one admin client is kept open rather
 * than one created per question (each opens connections and a thread).
 */
public final class KafkaProbe implements AutoCloseable {

    /** What the brokers said. */
    public record Answer(int brokers, int partitions) {}

    private final KafkaTopic topic;
    private final Admin admin;

    public KafkaProbe(KafkaTopic topic) {
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "atrium-health");
        this.admin = Admin.create(properties);
    }

    /**
     * @throws IllegalStateException when the brokers do not answer within {@code timeout}, or do not know
     *                               the topic
     */
    public Answer check(Duration timeout) {
        // One deadline for both questions, so the whole check answers within the probe's limit.
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int millis = remainingMillis(deadline);
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .nodes()
                    .get(millis, TimeUnit.MILLISECONDS)
                    .size();
            millis = remainingMillis(deadline);
            TopicDescription description = admin.describeTopics(
                            List.of(topic.name()), new DescribeTopicsOptions().timeoutMs(millis))
                    .allTopicNames()
                    .get(millis, TimeUnit.MILLISECONDS)
                    .get(topic.name());
            if (description == null) {
                throw new IllegalStateException("Kafka does not describe topic " + topic.name());
            }
            return new Answer(brokers, description.partitions().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + topic.bootstrapServers() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + topic.bootstrapServers() + " did not answer within " + timeout, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** What is left of the check's time, at least 1 ms (a question asked with 0 would wait forever). */
    private static int remainingMillis(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }
}
