package io.atrium.kurrentdb;

import io.atrium.projections.feed.AxonEventFeed;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribeToAllOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.SubscriptionListener;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projections' feed on KurrentDB: a catch-up subscription to {@code $all} from the reader's
 * checkpoint, filtered by the server to Atrium's event types (system, index and snapshot records never
 * leave the server). Positions are {@code $all} commit positions; the log has no holes that fill later,
 * so a checkpoint is one position and never carries gaps.
 * <p>
 * The subscription pushes; a bounded queue between it and the reader holds the server back when a
 * projection is slower than the log (the client stops asking for more while the queue is full). A
 * dropped subscription (the server restarted, the connection broke) is opened again from the last
 * event handed out, after a pause; events at or before that are skipped, so nothing is doubled.
 */
public final class KurrentDbEventFeed implements EventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(KurrentDbEventFeed.class);
    private static final int QUEUE = 1024;
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    private static final long HEAD_CACHE_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * The client says nothing when a subscription's call ends as CANCELLED (a connection reset, a server
     * shutting down), so a silent subscription is checked: quiet this long while the log has moved past
     * the last event handed out, it is taken as dead and opened again.
     */
    private static final long STALL_NANOS = Duration.ofSeconds(3).toNanos();

    private final KurrentDbEventStorageEngine engine;
    private volatile long headAt;
    private volatile boolean headKnown;
    private volatile long head = -1;

    public KurrentDbEventFeed(KurrentDbEventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stream open(FeedPosition after) {
        return new SubscribedStream(after.index());
    }

    /** Asked by every status page and lag check: kept for a second rather than read each time. */
    @Override
    public long headPosition() {
        long now = System.nanoTime();
        if (!headKnown || now - headAt > HEAD_CACHE_NANOS) {
            head = engine.headPosition();
            headAt = now;
            headKnown = true;
        }
        return head;
    }

    /** A commit is visible in position order: nothing ever appears behind a position already read. */
    @Override
    public boolean holesMayFill() {
        return false;
    }

    /** Counted exactly for the first 10,000 records, estimated beyond (see the engine's countBetween). */
    @Override
    public long eventsBetween(long after, long upTo) {
        return upTo <= after ? 0 : engine.countBetween(after, upTo, 10_000);
    }

    private final class SubscribedStream implements Stream {
        private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean closed;
        private @Nullable Subscription subscription;
        /** Which subscription is current; whatever an older one still pushes is dropped on arrival. */
        private volatile int generation;
        /** When the current subscription last said anything: an event, a checkpoint, caught up. */
        private volatile long lastHeard;

        private long retryAt;
        private long delivered;
        private @Nullable StoredEvent next;

        SubscribedStream(long after) {
            this.delivered = after;
        }

        /** What a subscription pushed: an event, or why it ended (behind its last events). */
        private record Item(
                int generation,
                @Nullable ResolvedEvent event,
                @Nullable Throwable dropped) {}

        private void subscribe() {
            int current = ++generation;
            SubscribeToAllOptions options = SubscribeToAllOptions.get()
                    .filter(SubscriptionFilter.newBuilder()
                            .withEventTypeRegularExpression(StreamNames.EVENT_TYPE_FILTER)
                            // While the server scans past other records it sends checkpoints: a subscription
                            // that is busy but has nothing to deliver is not a silent one.
                            .withCheckpointer((from, position) -> {
                                heard(current);
                                return CompletableFuture.completedFuture(null);
                            })
                            .build());
            options = delivered < 0 ? options.fromStart() : options.fromPosition(new Position(delivered, delivered));
            SubscriptionListener listener = new SubscriptionListener() {
                @Override
                public void onEvent(Subscription from, ResolvedEvent event) {
                    heard(current);
                    offer(new Item(current, event, null));
                }

                @Override
                public void onConfirmation(Subscription from) {
                    heard(current);
                }

                @Override
                public void onCaughtUp(
                        Subscription from, java.time.Instant at, @Nullable Long revision, @Nullable Position position) {
                    heard(current);
                }

                @Override
                public void onCancelled(Subscription from, @Nullable Throwable error) {
                    if (!closed) {
                        offer(new Item(
                                current,
                                null,
                                error != null ? error : new IllegalStateException("ended by the server")));
                    }
                }
            };
            lastHeard = System.nanoTime();
            CompletableFuture<Subscription> opening = engine.client().subscribeToAll(listener, options);
            try {
                subscription = engine.calls().await(opening, "subscribing to $all");
            } catch (RuntimeException e) {
                // Given up on, but the server may still confirm it: then it is stopped at once.
                opening.thenAccept(KurrentDbEventFeed::stopQuietly);
                throw e;
            }
        }

        private void heard(int from) {
            if (from == generation) {
                lastHeard = System.nanoTime();
            }
        }

        private void offer(Item item) {
            try {
                while (!closed && item.generation() == generation && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // Full: the reader is behind. Waiting here holds the subscription (and the server) back.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean hasNext(Duration wait) throws InterruptedException {
            if (next != null) {
                return true;
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (!closed) {
                if (subscription == null && !open()) {
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                    long left = Math.min(deadline, retryAt) - System.nanoTime();
                    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    continue;
                }
                long left = deadline - System.nanoTime();
                Item item = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                if (item == null) {
                    if (System.nanoTime() - lastHeard > STALL_NANOS) {
                        checkAlive();
                    }
                    return false;
                }
                if (item.generation() != generation) {
                    continue;
                }
                Throwable dropped = item.dropped();
                if (dropped != null) {
                    LOG.warn("The $all subscription dropped; resuming after position {}", delivered, dropped);
                    abandon();
                    retryAt = System.nanoTime() + RESUBSCRIBE_AFTER.toNanos();
                    continue;
                }
                RecordedEvent record =
                        java.util.Objects.requireNonNull(item.event()).getOriginalEvent();
                long position = record.getPosition().getCommitUnsigned();
                if (position <= delivered || !KurrentDbEventStorageEngine.isAtriumEvent(record)) {
                    continue;
                }
                next = convert(record, position);
                return true;
            }
            return false;
        }

        /**
         * A subscription that has said nothing (no event, no checkpoint) for a while, although the log's
         * head is past the last event handed out, is a dead one: it is stopped and opened again.
         */
        private void checkAlive() {
            lastHeard = System.nanoTime();
            boolean dead;
            try {
                dead = engine.headPosition() > delivered;
            } catch (RuntimeException unreachable) {
                dead = true;
            }
            if (dead) {
                LOG.warn("The $all subscription went quiet behind the log; resuming after position {}", delivered);
                abandon();
            }
        }

        /** Stops the current subscription; anything it still pushes is of an old generation and dropped. */
        private void abandon() {
            Subscription stale = subscription;
            subscription = null;
            generation++;
            if (stale != null) {
                stopQuietly(stale);
            }
            queue.clear();
        }

        /** Opens the subscription, unless a failed attempt is still cooling down. */
        private boolean open() {
            if (System.nanoTime() < retryAt) {
                return false;
            }
            try {
                subscribe();
                return true;
            } catch (RuntimeException e) {
                LOG.warn("Cannot subscribe to $all after position {}; retrying in {}", delivered, RESUBSCRIBE_AFTER, e);
                retryAt = System.nanoTime() + RESUBSCRIBE_AFTER.toNanos();
                return false;
            }
        }

        private StoredEvent convert(RecordedEvent record, long position) {
            FeedPosition after = new FeedPosition(position, new java.util.TreeSet<>());
            TrackedEventMessage<?> message = engine.decode(record);
            return AxonEventFeed.storedEvent(message, position, after);
        }

        @Override
        public StoredEvent next() {
            StoredEvent event = next;
            if (event == null) {
                throw new IllegalStateException("no event available; call hasNext first");
            }
            next = null;
            delivered = event.position();
            return event;
        }

        @Override
        public void close() {
            closed = true;
            Subscription open = subscription;
            if (open != null) {
                stopQuietly(open);
            }
            queue.clear();
        }
    }

    private static void stopQuietly(Subscription subscription) {
        try {
            subscription.stop();
        } catch (RuntimeException alreadyGone) {
            // its connection went first
        }
    }
}
