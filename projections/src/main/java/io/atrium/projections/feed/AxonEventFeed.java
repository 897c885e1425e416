package io.atrium.projections.feed;

import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.UnknownSerializedType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventFeed} straight from Axon's event store in the same process (single-node mode).
 * <p>
 * The store assigns positions when events are appended, but transactions commit in their own
 * order, so an event with a lower position can become visible after higher ones. This adapter
 * releases events in position order: it holds events back behind a missing position for up to
 * {@code holdBack}, then treats the position as a gap (an append that rolled back). Projections
 * that depend on order (the operation log's hash chain) thus see the same order live as on replay.
 */
public final class AxonEventFeed implements EventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(AxonEventFeed.class);
    /** Events read ahead of the reader, at most. */
    static final int MAX_BUFFERED = 2_000;
    /**
     * Gaps kept, at most, and how far behind the newest position: a commit cannot come later than a
     * command's transaction lasts (atrium.commands.timeout-seconds), far fewer positions than this at
     * any rate the store takes, and the bound keeps a checkpoint's text well inside its column.
     */
    public static final int MAX_GAPS = 400;

    public static final long GAP_WINDOW = 20_000;

    /** Probes of one hole before it is passed as a gap anyway (an event said to be committed never came). */
    static final int MAX_PROBES = 50;

    private final EventStore store;
    private final Duration holdBack;
    private final @Nullable CommitProbe probe;

    public AxonEventFeed(EventStore store, Duration holdBack) {
        this(store, holdBack, null);
    }

    /**
     * A feed that, once a hole has outlasted {@code holdBack}, asks {@code probe} whether it is a
     * rolled-back append (passed at once) or a commit still on its way (waited for), so events come in
     * store order even when transactions commit late.
     */
    public AxonEventFeed(EventStore store, Duration holdBack, @Nullable CommitProbe probe) {
        this.store = store;
        this.holdBack = holdBack;
        this.probe = probe;
    }

    @Override
    public Stream open(FeedPosition after) {
        TrackingToken token = after.index() < 0 && after.gaps().isEmpty()
                ? null
                : GapAwareTrackingToken.newInstance(after.index(), after.gaps());
        return new OrderedStream(store.openStream(token), after, token);
    }

    @Override
    public long headPosition() {
        TrackingToken head = store.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * The store position of the event whose token is {@code token}, read right after {@code before}.
     * Axon's {@link GapAwareTrackingToken} reports as its position the highest index seen, which is the
     * event's own only when the event is newer than every other; an event whose transaction committed
     * late fills a gap instead and leaves the index where it was. Its position is then the gap it
     * filled: the one {@code before} had and {@code token} no longer has (the highest, should Axon have
     * dropped old gaps in the same step).
     */
    static long positionOf(TrackingToken token, @Nullable TrackingToken before) {
        long index = token.position().orElseThrow();
        if (token instanceof GapAwareTrackingToken now
                && before instanceof GapAwareTrackingToken previous
                && now.getIndex() <= previous.getIndex()) {
            long filled = -1;
            for (Long gap : previous.getGaps()) {
                if (!now.getGaps().contains(gap)) {
                    filled = Math.max(filled, gap);
                }
            }
            if (filled >= 0) {
                return filled;
            }
        }
        return index;
    }

    /**
     * An Axon event as the feed delivers it. An event that cannot be read (an unknown type, a payload
     * that no longer deserializes) becomes an {@link UnreadableEvent}, so its readers stop on it and
     * report it instead of failing every batch. Shared with the other adapters that read through Axon's
     * serializer (KurrentDB's feed).
     */
    public static StoredEvent storedEvent(TrackedEventMessage<?> message, long position, FeedPosition after) {
        String aggregateId = "";
        String aggregateType = "";
        long sequence = 0;
        if (message instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            aggregateType = domain.getType();
            sequence = domain.getSequenceNumber();
        }
        Instant at = message.getTimestamp();
        AtriumEvent event;
        EventMetadata metadata;
        try {
            Object payload = message.getPayload();
            if (payload instanceof UnknownSerializedType unknown) {
                event = new UnreadableEvent(
                        aggregateId,
                        unknown.serializedType().getName(),
                        "no event type is named " + unknown.serializedType().getName());
            } else if (payload instanceof AtriumEvent atrium) {
                event = atrium;
            } else {
                event = new UnreadableEvent(
                        aggregateId, String.valueOf(message.getPayloadType()), "not an Atrium event");
            }
            metadata = EventMetadata.from(message.getMetaData(), at);
        } catch (RuntimeException e) {
            // A poison event: stop its readers on it (the runner reports it) instead of failing every batch.
            LOG.warn("Event at position {} cannot be read", position, e);
            event = new UnreadableEvent(aggregateId, typeOf(message), rootMessage(e));
            metadata = EventMetadata.from(java.util.Map.of(), at);
        }
        return new StoredEvent(
                position, after, message.getIdentifier(), aggregateId, aggregateType, sequence, at, event, metadata);
    }

    private static String typeOf(TrackedEventMessage<?> message) {
        try {
            Class<?> type = message.getPayloadType();
            return type.isAnnotationPresent(io.atrium.events.EventType.class)
                    ? EventTypes.nameOf(type)
                    : type.getName();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() <= 500 ? message : message.substring(0, 497) + "...";
    }

    private final class OrderedStream implements Stream {
        private final BlockingStream<TrackedEventMessage<?>> source;
        private final TreeMap<Long, TrackedEventMessage<?>> held = new TreeMap<>();
        private final Deque<StoredEvent> ready = new ArrayDeque<>();
        private long emitted;
        private final TreeSet<Long> gaps;
        private long waitingSince = -1;
        private int probes;
        private boolean awaitingCommitted;
        /** The token of the last message read: the next one's is this one advanced by exactly that event. */
        private @Nullable TrackingToken lastToken;

        OrderedStream(
                BlockingStream<TrackedEventMessage<?>> source, FeedPosition start, @Nullable TrackingToken opened) {
            this.source = source;
            this.lastToken = opened;
            this.emitted = start.index();
            this.gaps = new TreeSet<>(start.gaps());
        }

        @Override
        public boolean hasNext(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (ready.isEmpty()) {
                long left = deadline - System.nanoTime();
                boolean more = source.hasNextAvailable(
                        (int) Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)), TimeUnit.MILLISECONDS);
                // Pull no more than a reader can take at once (on replay the whole log is "available"),
                // unless a hole the store says is committed is being waited for: it comes behind
                // whatever the store's reader has queued, so stopping here would never reach it.
                while (more && (ready.size() + held.size() < MAX_BUFFERED || awaitingCommitted)) {
                    TrackedEventMessage<?> message = source.nextAvailable();
                    TrackingToken token = message.trackingToken();
                    long position = positionOf(token, lastToken);
                    lastToken = token;
                    if (gaps.remove(position)) {
                        // A transaction that was still committing when its position was passed: deliver it now.
                        LOG.debug("Event at position {} arrived after later ones", position);
                        ready.add(convert(message, position));
                    } else if (position > emitted) {
                        held.put(position, message);
                    }
                    more = source.hasNextAvailable(0, TimeUnit.MILLISECONDS);
                }
                release();
                if (!ready.isEmpty() || System.nanoTime() >= deadline) {
                    break;
                }
            }
            return !ready.isEmpty();
        }

        /**
         * Moves held events that are next in order to {@code ready}. A missing position is waited for
         * only while the event after it is recent (a transaction holding it may still commit); behind
         * an older event the position is a rolled-back append and is passed at once. With a
         * {@link CommitProbe}, no hole is passed on time alone: the probe says whether it is a
         * rolled-back append or a commit on its way (then waited for, re-asked every hold-back).
         */
        private void release() {
            while (!held.isEmpty()) {
                Map.Entry<Long, TrackedEventMessage<?>> first = held.firstEntry();
                if (first.getKey() == emitted + 1) {
                    held.pollFirstEntry();
                    emitted = first.getKey();
                    waitingSince = -1;
                    probes = 0;
                    awaitingCommitted = false;
                    ready.add(convert(first.getValue(), emitted));
                    continue;
                }
                boolean recent =
                        first.getValue().getTimestamp().isAfter(Instant.now().minus(holdBack));
                long now = System.nanoTime();
                CommitProbe commits = probe;
                if (recent || (commits != null && waitingSince >= 0)) {
                    if (waitingSince < 0) {
                        waitingSince = now;
                    }
                    if (now - waitingSince < holdBack.toNanos()) {
                        return;
                    }
                }
                if (commits != null && probes < MAX_PROBES) {
                    probes++;
                    if (!commits.committed(emitted + 1, first.getKey() - 1).isEmpty()) {
                        // Committed meanwhile: the stream brings it shortly. Wait for it, in order.
                        waitingSince = now;
                        awaitingCommitted = true;
                        return;
                    }
                    // Nothing there and nothing writing there: appends that rolled back. They are still
                    // remembered as gaps for a while, so that should the probe ever be wrong, the event
                    // comes late rather than never.
                    remember(emitted + 1, first.getKey() - 1);
                    emitted = first.getKey() - 1;
                    waitingSince = -1;
                    probes = 0;
                    awaitingCommitted = false;
                    continue;
                }
                if (recent || commits != null) {
                    // Waited long enough: remember the holes, in case their transaction commits after all.
                    remember(emitted + 1, first.getKey() - 1);
                }
                probes = 0;
                awaitingCommitted = false;
                emitted = first.getKey() - 1;
                waitingSince = -1;
            }
        }

        private void remember(long from, long to) {
            FeedPosition.addGaps(gaps, from, to);
        }

        private StoredEvent convert(TrackedEventMessage<?> message, long position) {
            return storedEvent(message, position, new FeedPosition(Math.max(emitted, position), gaps));
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
        public void close() {
            source.close();
        }
    }
}
