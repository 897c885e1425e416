package io.atrium.cluster.relay;

import io.atrium.cluster.kafka.EventRecords;
import io.atrium.cluster.kafka.KafkaTopic;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every committed event from the event store to the topic, in store position order, on the
 * command node that holds the {@link RelayLease}; the other command nodes wait as standbys.
 * <p>
 * A batch is sent, every record acknowledged by the broker (idempotent producer, {@code acks=all}), and
 * only then is the checkpoint saved, on condition that this node still holds the lease. A crash between
 * the two publishes the batch again after the restart: consumers skip positions they have applied. A
 * broker that is down stalls the relay (commands go on: the store is the database) and it resumes from
 * its checkpoint on a fresh producer once the broker is back.
 */
public final class EventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);
    static final int MAX_BATCH = 2_000;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventFeed store;
    private final RelayLease lease;
    private final Supplier<Producer<String, byte[]>> producers;
    private final EventRecords records;
    private final KafkaTopic topic;

    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    /** Publishing right now. */
    private volatile boolean holding;
    /** The lease is this node's (from winning it until losing or releasing it), publishing or not. */
    private volatile boolean leased;

    private volatile String state = "stopped";
    private volatile @Nullable String lastError;
    private volatile long position = -1;
    private @Nullable Thread thread;
    private @Nullable Thread heartbeat;
    private volatile boolean leaseLost;

    public EventRelay(
            EventFeed store,
            RelayLease lease,
            Supplier<Producer<String, byte[]>> producers,
            EventRecords records,
            KafkaTopic topic) {
        this.store = store;
        this.lease = lease;
        this.producers = producers;
        this.records = records;
        this.topic = topic;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state = "standby";
        Thread t = new Thread(this::loop, "event-relay");
        t.setDaemon(true);
        thread = t;
        t.start();
        Thread h = new Thread(this::beat, "event-relay-heartbeat");
        h.setDaemon(true);
        heartbeat = h;
        h.start();
    }

    /** Stops and, when this node holds the relay, hands the lease back so a standby takes over at once. */
    public synchronized void stop() {
        running = false;
        for (Thread t : new Thread[] {thread, heartbeat}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (leased) {
            try {
                lease.release();
            } catch (RuntimeException e) {
                LOG.warn("Could not release the relay lease; another node takes over after the lease time", e);
            }
        }
        holding = false;
        leased = false;
        state = "stopped";
    }

    /**
     * How many stored events this node's relay has not published yet; NaN on a node that does not hold
     * the relay (a standby's count would say nothing about the topic).
     */
    public double lagEvents() {
        if (!holding) {
            return Double.NaN;
        }
        long at = position;
        long head = store.headPosition();
        return head <= at ? 0 : store.eventsBetween(at, head);
    }

    /** What the relay is doing, for the health and admin views. */
    public Status status() {
        return new Status(lease.node(), state, holding, position, published.get(), lastError);
    }

    private void loop() {
        long backoff = 200;
        while (running) {
            Optional<RelayLease.State> held;
            try {
                held = lease.tryAcquire();
            } catch (RuntimeException e) {
                fail("could not read the relay lease", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
                continue;
            }
            if (held.isEmpty()) {
                holding = false;
                leased = false;
                state = "standby";
                sleep(Math.min(1_000, lease.leaseTime().toMillis() / 4));
                continue;
            }
            holding = true;
            leased = true;
            leaseLost = false;
            state = "active";
            LOG.info(
                    "This node ({}) now runs the relay to topic {}, from position {}",
                    lease.node(),
                    topic.name(),
                    held.get().position().index());
            try {
                topic.ensure();
                publishWhileHolding(held.get());
                backoff = 200;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                fail("publishing failed; resuming from the saved checkpoint", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void publishWhileHolding(RelayLease.State from) throws InterruptedException {
        FeedPosition checkpoint = from.position();
        long last = from.lastPublished();
        position = checkpoint.index();
        Producer<String, byte[]> producer = producers.get();
        try (EventFeed.Stream stream = store.open(checkpoint)) {
            while (running && !leaseLost) {
                List<StoredEvent> batch = new ArrayList<>();
                if (stream.hasNext(Duration.ofMillis(200))) {
                    do {
                        batch.add(stream.next());
                    } while (batch.size() < MAX_BATCH && stream.hasNext(Duration.ZERO));
                }
                if (batch.isEmpty()) {
                    continue;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
                long prev = last;
                for (StoredEvent event : batch) {
                    sent.add(
                            producer.send(records.encode(topic.name(), published(event), prev, !store.holesMayFill())));
                    prev = event.position();
                }
                producer.flush();
                awaitAll(sent);
                FeedPosition after = batch.get(batch.size() - 1).after();
                if (!lease.save(after, prev, batch.size())) {
                    LOG.warn("This node ({}) lost the relay lease; standing by", lease.node());
                    leaseLost = true;
                    leased = false;
                    break;
                }
                last = prev;
                checkpoint = after;
                position = after.index();
                published.addAndGet(batch.size());
                lastError = null;
            }
        } finally {
            holding = false;
            state = running ? "standby" : "stopped";
            // A producer that failed may be fenced or stuck on its sequence numbers: never reuse it.
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) throws InterruptedException {
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the broker refused a record: " + String.valueOf(e.getCause()), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the broker did not acknowledge within " + SEND_TIMEOUT, e);
            }
        }
    }

    private static EventRecords.Published published(StoredEvent event) {
        return new EventRecords.Published(
                event.position(),
                event.eventId(),
                event.aggregateId(),
                event.aggregateType(),
                event.sequenceNumber(),
                event.timestamp(),
                event.payload(),
                event.metadata());
    }

    /** Keeps the lease alive from its own thread, so a send stalled on a down broker does not lose it. */
    private void beat() {
        long every = Math.max(200, lease.leaseTime().toMillis() / 3);
        while (running) {
            sleep(every);
            if (!leased) {
                continue;
            }
            try {
                if (!lease.renew()) {
                    leaseLost = true;
                    leased = false;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the relay lease", e);
            }
        }
    }

    private void fail(String what, RuntimeException e) {
        lastError = what + ": " + e.getMessage();
        LOG.warn("Relay: {}", what, e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param node      this node's id
     * @param state     {@code active} (publishing), {@code standby} (another node holds the lease), {@code stopped}
     * @param position  the store position published up to, while active
     * @param published records this node has published since it started
     */
    public record Status(
            String node,
            String state,
            boolean holding,
            long position,
            long published,
            @Nullable String lastError) {}
}
