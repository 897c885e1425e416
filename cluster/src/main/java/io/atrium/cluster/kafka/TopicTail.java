package io.atrium.cluster.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.util.retry.Retry;

/**
 * The topic's new records as they arrive, for a query node's live feeds: one consumer per node, from
 * the end of the topic, in no consumer group (it commits nothing and reads everything). A broker
 * outage drops the consumer; it reconnects with backoff and starts again at the end, so records
 * published meanwhile are not signalled (the feeds' slow poll picks them up).
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private final Sinks.Many<EventRecords.Received> sink =
            Sinks.many().multicast().directBestEffort();
    private final Disposable running;

    public TopicTail(KafkaTopic topic, EventRecords records) {
        // Finding the topic blocks (an admin call), so it runs on a thread that may block, never on
        // the parallel scheduler the retry's delays and the live feeds' ticks run on.
        this.running = Mono.fromCallable(() -> receiver(topic))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(KafkaReceiver::receive)
                .filter(EventRecords::isEvent)
                .map(records::decode)
                .doOnNext(sink::tryEmitNext)
                .doOnError(e -> LOG.warn("The live tail of topic {} failed; reconnecting", topic.name(), e))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe();
    }

    private static KafkaReceiver<String, byte[]> receiver(KafkaTopic topic) {
        int partitions;
        try {
            partitions = topic.partitionsOnBroker();
        } catch (RuntimeException e) {
            // No topic yet (no relay has run): the retry comes back.
            throw new IllegalStateException("topic " + topic.name() + " is not there yet", e);
        }
        List<TopicPartition> assigned = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic.name(), p))
                .toList();
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                topic.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class);
        ReceiverOptions<String, byte[]> options = ReceiverOptions.<String, byte[]>create(properties)
                .assignment(assigned)
                .addAssignListener(parts -> parts.forEach(ReceiverPartition::seekToEnd))
                .commitInterval(Duration.ZERO)
                .commitBatchSize(0);
        return KafkaReceiver.create(options);
    }

    /** New records from now on; hot. */
    public Flux<EventRecords.Received> records() {
        return sink.asFlux();
    }

    @Override
    public void close() {
        running.dispose();
        sink.tryEmitComplete();
    }
}
