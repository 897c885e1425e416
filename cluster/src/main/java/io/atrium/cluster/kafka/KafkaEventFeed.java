package io.atrium.cluster.kafka;

import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.kafka.receiver.ReceiverRecord;

/**
 * {@link EventFeed} on the Kafka topic the relay publishes to (cluster mode), read through reactor-kafka.
 * <p>
 * Each stream reads every partition of the topic (assigned, not subscribed: a projection needs the
 * whole log, not a share of it) and hands events on in the relay's order: one partition is that order;
 * several are merged back into it by each record's {@code atrium-prev} link. Positions the reader has
 * passed are skipped, so a record published twice (a relay that crashed before saving its checkpoint)
 * changes nothing. Positions the relay passed as gaps are remembered like the in-process feed does, and
 * delivered if their event comes late.
 * <p>
 * Where to resume is part of the checkpoint ({@link FeedPosition#resume()}: the next offset of each
 * partition), saved in the projection's own read-model transaction; a stream seeks there. The
 * consumer group's committed offsets follow, after each transaction ({@link Stream#committed}): they
 * show progress to Kafka's tools, and are never trusted for a restart.
 */
public final class KafkaEventFeed implements EventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventFeed.class);
    /** Records fetched ahead of the reader, at most. */
    static final int PREFETCH = 2_000;
    /** Records held back waiting for their predecessor on another partition before giving up on it. */
    static final int MAX_HELD = 50_000;

    static final Duration HELD_TOO_LONG = Duration.ofSeconds(10);

    private final KafkaTopic topic;
    private final EventRecords records;
    private final String groupPrefix;
    private final Object headLock = new Object();
    private @Nullable KafkaConsumer<String, byte[]> headReader;
    private long headAt;
    private boolean headAsked;
    private long head = -1;

    public KafkaEventFeed(KafkaTopic topic, EventRecords records, String groupPrefix) {
        this.topic = topic;
        this.records = records;
        this.groupPrefix = groupPrefix;
    }

    @Override
    public Stream open(FeedPosition after) {
        return open("reader-" + UUID.randomUUID(), after);
    }

    @Override
    public Stream open(String reader, FeedPosition after) {
        return new KafkaStream(groupPrefix + reader, after, topic.partitionsOnBroker());
    }

    /**
     * The highest position among the last record of each partition, read at most once a second (status
     * pages ask often). A record published twice may end a partition, so this can trail the true head by
     * a few events; readers use it only to report lag and to know when a replay has caught up.
     */
    @Override
    public long headPosition() {
        synchronized (headLock) {
            long now = System.nanoTime();
            if (headAsked && now - headAt < 1_000_000_000L) {
                return head;
            }
            // Failures are remembered for the same second: a status page asks once per projection, and
            // each would otherwise wait out the timeouts while the broker is away.
            headAt = now;
            headAsked = true;
            try {
                head = Math.max(head, readHead());
            } catch (RuntimeException e) {
                LOG.debug("Could not read the head of topic {}", topic.name(), e);
                closeHeadReader();
            }
            return head;
        }
    }

    private long readHead() {
        KafkaConsumer<String, byte[]> consumer = headReader;
        if (consumer == null) {
            consumer = new KafkaConsumer<>(consumerProperties(null));
            headReader = consumer;
        }
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(2)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(2));
        List<TopicPartition> nonEmpty = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long end = ends.getOrDefault(partition, 0L);
            if (end > 0) {
                consumer.seek(partition, end - 1);
                nonEmpty.add(partition);
            }
        }
        consumer.pause(partitions);
        consumer.resume(nonEmpty);
        long max = -1;
        java.util.Set<TopicPartition> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (seen.size() < nonEmpty.size() && System.nanoTime() < deadline) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> record : polled) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() == ends.getOrDefault(partition, 0L) - 1 && EventRecords.isEvent(record)) {
                    seen.add(partition);
                    max = Math.max(max, records.decode(record).position());
                }
            }
        }
        return max;
    }

    private void closeHeadReader() {
        KafkaConsumer<String, byte[]> consumer = headReader;
        headReader = null;
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Releases the head reader (the streams close themselves). */
    public void close() {
        synchronized (headLock) {
            closeHeadReader();
        }
    }

    private Properties consumerProperties(@Nullable String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    /** Parses a resume note ({@code partition:offset,...}). */
    static Map<Integer, Long> offsets(String resume) {
        Map<Integer, Long> offsets = new HashMap<>();
        if (resume.isBlank()) {
            return offsets;
        }
        for (String part : resume.split(",")) {
            String[] pair = part.split(":", 2);
            offsets.put(Integer.parseInt(pair[0].strip()), Long.parseLong(pair[1].strip()));
        }
        return offsets;
    }

    static String resume(Map<Integer, Long> offsets) {
        return new TreeMap<>(offsets)
                .entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** One record waiting for its predecessor, with where it came from. */
    private record Held(EventRecords.Received event, int partition, long offset, long since) {}

    private final class KafkaStream implements Stream {
        private final LinkedBlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
        private final Bridge bridge = new Bridge();
        private final KafkaReceiver<String, byte[]> receiver;
        private final Deque<StoredEvent> ready = new ArrayDeque<>();
        /** Waiting records by the position they follow. */
        private final Map<Long, Deque<Held>> held = new HashMap<>();

        private int heldCount;

        private final Map<Integer, Long> next = new HashMap<>();
        private final TreeSet<Long> gaps;
        private long index;
        private int taken;

        KafkaStream(String group, FeedPosition after, int partitions) {
            this.index = after.index();
            this.gaps = new TreeSet<>(after.gaps());
            Map<Integer, Long> from = offsets(after.resume());
            if (from.isEmpty() && after.index() >= 0) {
                LOG.info(
                        "Reader {} has a checkpoint ({}) but no Kafka offsets: reading topic {} from its start and skipping what it has",
                        group,
                        after.index(),
                        topic.name());
            }
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic.name(), p))
                    .toList();
            for (TopicPartition partition : assigned) {
                next.put(partition.partition(), from.getOrDefault(partition.partition(), 0L));
            }
            ReceiverOptions<String, byte[]> options = ReceiverOptions.<String, byte[]>create(consumerProperties(group))
                    .assignment(assigned)
                    .addAssignListener(parts -> {
                        for (ReceiverPartition part : parts) {
                            Long offset = from.get(part.topicPartition().partition());
                            if (offset == null) {
                                part.seekToBeginning();
                            } else {
                                part.seek(offset);
                            }
                        }
                    })
                    // Offsets are committed by hand, after the read-model transaction (see committed).
                    .commitInterval(Duration.ZERO)
                    .commitBatchSize(0);
            receiver = KafkaReceiver.create(options);
            receiver.receive().subscribe(bridge);
        }

        @Override
        public boolean hasNext(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (ready.isEmpty()) {
                long left = deadline - System.nanoTime();
                Object item = left > 0 ? incoming.poll(left, TimeUnit.NANOSECONDS) : incoming.poll();
                if (item == null) {
                    releaseStuck();
                    break;
                }
                accept(item);
                // Take whatever else has arrived, without waiting, before handing events on.
                Object more;
                while (ready.size() < PREFETCH && (more = incoming.poll()) != null) {
                    accept(more);
                }
            }
            return !ready.isEmpty();
        }

        private void accept(Object item) {
            if (item instanceof Throwable failure) {
                throw new IllegalStateException(
                        "reading topic " + topic.name() + " failed: " + failure.getMessage(), failure);
            }
            @SuppressWarnings("unchecked")
            ReceiverRecord<String, byte[]> record = (ReceiverRecord<String, byte[]>) item;
            if (++taken % 500 == 0) {
                bridge.more(500);
            }
            int partition = record.partition();
            long offset = record.offset();
            if (!EventRecords.isEvent(record)) {
                // Not the relay's (a stray producer): it has no position in the log, so passing it
                // over changes no read model; stopping on it would stop every projection for good.
                LOG.warn(
                        "Topic {}: the record at offset {} of partition {} is not an Atrium event; passed over",
                        topic.name(),
                        offset,
                        partition);
                next.put(partition, offset + 1);
                return;
            }
            EventRecords.Received event = records.decode(record);
            if (covered(event.position())) {
                // Published twice, or before the checkpoint: applied already.
                next.put(partition, offset + 1);
                return;
            }
            if (!covered(event.prev())) {
                // Its predecessor is on another partition and has not come yet: wait for it.
                hold(new Held(event, partition, offset, System.nanoTime()));
                if (heldCount > MAX_HELD) {
                    releaseOldest("more than " + MAX_HELD + " records wait");
                }
                return;
            }
            next.put(partition, offset + 1);
            emit(event);
        }

        private void hold(Held waiting) {
            held.computeIfAbsent(waiting.event().prev(), k -> new ArrayDeque<>())
                    .add(waiting);
            heldCount++;
        }

        /** Hands an event on, then every waiting one that follows it. */
        private void emit(EventRecords.Received first) {
            Deque<EventRecords.Received> work = new ArrayDeque<>();
            work.add(first);
            while (!work.isEmpty()) {
                EventRecords.Received current = work.poll();
                long position = current.position();
                if (covered(position)) {
                    continue;
                }
                if (position > index) {
                    if (!current.gapless()) {
                        // Bounded as the relay's own are: most are appends that rolled back and never come.
                        FeedPosition.addGaps(gaps, index + 1, position - 1);
                    }
                    index = position;
                } else {
                    gaps.remove(position);
                }
                ready.add(stored(current));
                Deque<Held> followers = held.remove(position);
                if (followers != null) {
                    for (Held follower : followers) {
                        heldCount--;
                        next.merge(follower.partition(), follower.offset() + 1, Math::max);
                        work.add(follower.event());
                    }
                }
            }
        }

        /**
         * A record whose predecessor never comes (lost on a partition, or published by a relay that died
         * mid-batch) must not stop the reader for good: past a bound, the oldest waiting record goes on.
         */
        private void releaseStuck() {
            if (held.isEmpty()) {
                return;
            }
            long oldest = held.values().stream()
                    .flatMap(Deque::stream)
                    .mapToLong(Held::since)
                    .min()
                    .orElse(Long.MAX_VALUE);
            if (System.nanoTime() - oldest > HELD_TOO_LONG.toNanos()) {
                releaseOldest("waited " + HELD_TOO_LONG.toSeconds() + " s for its predecessor");
            }
        }

        private void releaseOldest(String why) {
            Held first = held.values().stream()
                    .flatMap(Deque::stream)
                    .min(java.util.Comparator.comparingLong(h -> h.event().position()))
                    .orElseThrow();
            Deque<Held> siblings = held.get(first.event().prev());
            if (siblings != null) {
                siblings.remove(first);
                heldCount--;
                if (siblings.isEmpty()) {
                    held.remove(first.event().prev());
                }
            }
            LOG.warn(
                    "Topic {}: the record at position {} follows {}, which never came; it goes on ({})",
                    topic.name(),
                    first.event().position(),
                    first.event().prev(),
                    why);
            next.merge(first.partition(), first.offset() + 1, Math::max);
            emit(first.event());
        }

        private boolean covered(long position) {
            return position <= index && !gaps.contains(position);
        }

        private StoredEvent stored(EventRecords.Received event) {
            Map<Integer, Long> resume = new HashMap<>(next);
            for (Deque<Held> waiting : held.values()) {
                for (Held record : waiting) {
                    // A waiting record is not applied: resuming must read it again.
                    resume.merge(record.partition(), record.offset(), Math::min);
                }
            }
            FeedPosition after = new FeedPosition(index, gaps, resume(resume));
            return new StoredEvent(
                    event.position(),
                    after,
                    event.eventId(),
                    event.aggregateId(),
                    event.aggregateType(),
                    event.sequenceNumber(),
                    event.timestamp(),
                    event.payload(),
                    event.metadata());
        }

        @Override
        public StoredEvent next() {
            StoredEvent event = ready.poll();
            if (event == null) {
                throw new IllegalStateException("no event available; call hasNext first");
            }
            return event;
        }

        @Override
        public void committed(FeedPosition position) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            offsets(position.resume())
                    .forEach((partition, offset) ->
                            offsets.put(new TopicPartition(topic.name(), partition), new OffsetAndMetadata(offset)));
            if (offsets.isEmpty()) {
                return;
            }
            receiver.doOnConsumer(consumer -> {
                        consumer.commitAsync(offsets, (done, failure) -> {
                            if (failure != null) {
                                LOG.debug(
                                        "Committing offsets to topic {} failed (the checkpoint holds)",
                                        topic.name(),
                                        failure);
                            }
                        });
                        return true;
                    })
                    .subscribe(ok -> {}, failure -> LOG.debug("Could not commit offsets", failure));
        }

        @Override
        public void close() {
            bridge.dispose();
        }

        /** Moves records from reactor-kafka's thread to the reader's, PREFETCH at most ahead. */
        private final class Bridge extends BaseSubscriber<ReceiverRecord<String, byte[]>> {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(PREFETCH);
            }

            @Override
            protected void hookOnNext(ReceiverRecord<String, byte[]> record) {
                incoming.add(record);
            }

            @Override
            protected void hookOnError(Throwable failure) {
                incoming.add(failure);
            }

            void more(int n) {
                request(n);
            }
        }
    }
}
