package io.atrium.kurrentdb;

import io.atrium.command.eventstore.AppendOutcome;
import io.atrium.command.eventstore.AtriumUpcasters;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreUnavailableException;
import io.atrium.events.EventMetadata;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.events.TenantId;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.Direction;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.ReadResult;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.jspecify.annotations.Nullable;

/**
 * Axon's event storage on KurrentDB, through the official client.
 * <ul>
 *   <li>One stream per aggregate ({@link StreamNames}); a command's events for an aggregate go in one
 *       append whose expected revision is the sequence number before them, so a lost race is refused by
 *       the server (Axon's {@code ConcurrencyException}: the API's 409) and nothing of it is stored.</li>
 *   <li>Record ids are Axon's event ids: the server recognises a retried append of the same events and
 *       stores them once.</li>
 *   <li>Tracking tokens are {@code $all} commit positions. KurrentDB's log has no holes that fill later,
 *       so the tokens this engine makes carry no gaps; a token that arrives with gaps (made by another
 *       reader) gets the events at those exact positions first.</li>
 *   <li>Snapshots go to a stream of their own whose {@code $maxCount} is 1.</li>
 * </ul>
 * Payloads, type names and revisions are exactly what Axon's serializer produces, so the event catalogue's
 * stable names and the upcasters work as on JDBC ({@link StoredRecords}).
 */
public final class KurrentDbEventStorageEngine extends AbstractEventStorageEngine {

    /** Index lookups remembered per process; an entry never changes, so it can be kept until evicted for room. */
    private static final int KNOWN_STREAMS = 100_000;

    private final KurrentDbConnection connection;
    private final KurrentDbCalls calls;
    private final StoredRecords records = new StoredRecords();
    private final int batchSize;
    private final Map<String, String> streams = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KNOWN_STREAMS;
        }
    });
    private final Map<String, Boolean> trimmedSnapshotStreams =
            Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > KNOWN_STREAMS;
                }
            });

    private KurrentDbEventStorageEngine(Builder builder) {
        super(builder);
        this.connection = builder.connection;
        this.calls = new KurrentDbCalls(builder.timeout);
        this.batchSize = builder.batchSize;
    }

    public static Builder builder(KurrentDbConnection connection) {
        return new Builder(connection);
    }

    /**
     * The engine as Atrium runs it: events by their stable names through the event catalogue's
     * serializer and upcasters, snapshots field by field, every call bounded by {@code timeout}.
     */
    public static KurrentDbEventStorageEngine forAtrium(KurrentDbConnection connection, Duration timeout) {
        return builder(connection)
                .timeout(timeout)
                .serializers(AxonEventStore.eventSerializer(), AxonEventStore.stateSerializer())
                .upcasters(AtriumUpcasters.chain(EventTypes.ALL, EventUpcasters.ALL, AxonEventStore.eventMapper()))
                .build();
    }

    /** The builder: the client, a per-call time limit, and Axon's serializers and upcasters. */
    public static final class Builder extends AbstractEventStorageEngine.Builder {
        private final KurrentDbConnection connection;
        private Duration timeout = Duration.ofSeconds(5);
        private int batchSize = 1000;

        private Builder(KurrentDbConnection connection) {
            this.connection = connection;
            // A refused expected revision is the store's way of saying another writer won the race.
            persistenceExceptionResolver(e -> e instanceof WrongExpectedVersionException);
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder serializers(Serializer events, Serializer snapshots) {
            eventSerializer(events);
            snapshotSerializer(snapshots);
            return this;
        }

        public Builder upcasters(EventUpcaster upcasters) {
            upcasterChain(upcasters);
            return this;
        }

        public KurrentDbEventStorageEngine build() {
            validate();
            return new KurrentDbEventStorageEngine(this);
        }
    }

    KurrentDBClient client() {
        return connection.client();
    }

    KurrentDbCalls calls() {
        return calls;
    }

    StoredRecords records() {
        return records;
    }

    // ---- appends ----

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        int from = 0;
        while (from < events.size()) {
            EventMessage<?> first = events.get(from);
            int to = from + 1;
            String owner = ownerOf(first);
            while (to < events.size() && ownerOf(events.get(to)).equals(owner)) {
                to++;
            }
            appendGroup(events.subList(from, to), serializer);
            from = to;
        }
    }

    /** Events of one aggregate (or of no aggregate) in one append. */
    private void appendGroup(List<? extends EventMessage<?>> group, Serializer serializer) {
        EventMessage<?> first = group.get(0);
        String tenant = tenantOf(first);
        String stream;
        StreamState expected;
        if (first instanceof DomainEventMessage<?> domain && domain.getType() != null) {
            long sequence = domain.getSequenceNumber();
            if (sequence == 0) {
                stream = StreamNames.aggregate(tenant, domain.getType(), domain.getAggregateIdentifier());
                index(domain.getAggregateIdentifier(), stream, first);
                expected = StreamState.noStream();
            } else {
                // The stream was named when the aggregate began; a later event's metadata (a platform-wide
                // aggregate acted on from another tenant) does not move it.
                String existing = streamOf(domain.getAggregateIdentifier());
                stream = existing != null
                        ? existing
                        : StreamNames.aggregate(tenant, domain.getType(), domain.getAggregateIdentifier());
                expected = StreamState.streamRevision(sequence - 1);
            }
        } else {
            stream = StreamNames.unowned(tenant);
            expected = StreamState.any();
        }
        List<EventData> data = new ArrayList<>(group.size());
        for (EventMessage<?> event : group) {
            data.add(records.toRecord(event, serializer));
        }
        try {
            calls.await(
                    client().appendToStream(
                                    stream,
                                    AppendToStreamOptions.get()
                                            .streamState(expected)
                                            .deadline(calls.deadlineMillis()),
                                    data.iterator()),
                    "appending to " + stream);
            AppendOutcome.appended();
        } catch (WrongExpectedVersionException e) {
            handlePersistenceException(e, first);
        } catch (EventStoreUnavailableException e) {
            // Sent without an answer: the server may have stored it.
            AppendOutcome.unknown();
            throw e;
        }
    }

    private static String ownerOf(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain && domain.getType() != null
                ? domain.getAggregateIdentifier()
                : "";
    }

    /**
     * The tenant an event belongs to. The dispatcher puts it on every command's metadata; an event
     * without one (none in the server) is filed with the default tenant, like all data from before
     * tenants existed.
     */
    private static String tenantOf(EventMessage<?> event) {
        Object tenant = event.getMetaData().get(EventMetadata.TENANT);
        return tenant instanceof String value && !value.isBlank() ? value : TenantId.DEFAULT.value();
    }

    /**
     * Records where a new aggregate's stream is, before its first event. The record's id is fixed per
     * stream, so a retry is recognised; a different stream for the same id means the id is taken.
     */
    private void index(String aggregateId, String stream, EventMessage<?> first) {
        String index = StreamNames.index(aggregateId);
        EventData pointer = EventData.builderAsJson(
                        // From the stream's name, not the id alone: the same id in another tenant is a
                        // different record, which the server refuses instead of taking it for a retry.
                        UUID.nameUUIDFromBytes(("index:" + stream).getBytes(StandardCharsets.UTF_8)),
                        StreamNames.INDEX_EVENT_TYPE,
                        ("{\"stream\":\"" + stream + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
        try {
            calls.await(
                    client().appendToStream(
                                    index,
                                    AppendToStreamOptions.get()
                                            .streamState(StreamState.noStream())
                                            .deadline(calls.deadlineMillis()),
                                    pointer),
                    "indexing " + aggregateId);
        } catch (WrongExpectedVersionException e) {
            String existing = lookUp(aggregateId);
            if (!stream.equals(existing)) {
                throw new AggregateStreamCreationException(
                        "aggregate " + aggregateId + " already exists in stream " + existing, e);
            }
        }
        streams.put(aggregateId, stream);
    }

    // ---- reading an aggregate ----

    /** The aggregate's stream, or null when the store has never seen the aggregate. */
    @Nullable
    String streamOf(String aggregateId) {
        String known = streams.get(aggregateId);
        if (known != null) {
            return known;
        }
        String found = lookUp(aggregateId);
        if (found != null) {
            streams.put(aggregateId, found);
        }
        return found;
    }

    private @Nullable String lookUp(String aggregateId) {
        List<RecordedEvent> pointer = read(
                StreamNames.index(aggregateId),
                ReadStreamOptions.get().forwards().fromStart().maxCount(1));
        if (pointer.isEmpty()) {
            return null;
        }
        String data = new String(pointer.get(0).getEventData(), StandardCharsets.UTF_8);
        int start = data.indexOf("\"stream\":\"");
        int end = start < 0 ? -1 : data.indexOf('"', start + 10);
        if (end < 0) {
            throw new IllegalStateException("unreadable stream index for " + aggregateId + ": " + data);
        }
        return data.substring(start + 10, end);
    }

    /** The stream's events as the options select them; none when the stream does not exist. */
    List<RecordedEvent> read(String stream, ReadStreamOptions options) {
        try {
            ReadResult result = calls.await(
                    client().readStream(stream, options.deadline(calls.deadlineMillis())), "reading " + stream);
            List<RecordedEvent> events = new ArrayList<>(result.getEvents().size());
            for (ResolvedEvent event : result.getEvents()) {
                events.add(event.getOriginalEvent());
            }
            return events;
        } catch (StreamNotFoundException e) {
            return List.of();
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateId, long firstSequenceNumber) {
        String stream = streamOf(aggregateId);
        if (stream == null) {
            return Stream.empty();
        }
        return read(stream, ReadStreamOptions.get().forwards().fromRevision(Math.max(0, firstSequenceNumber))).stream()
                .map(records::fromRecord);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateId) {
        String stream = streamOf(aggregateId);
        if (stream == null) {
            return Optional.empty();
        }
        List<RecordedEvent> last =
                read(stream, ReadStreamOptions.get().backwards().fromEnd().maxCount(1));
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0).getRevision());
    }

    /** The {@code $all} position of the aggregate's event at {@code sequence}. */
    OptionalLong positionOf(String aggregateId, long sequence) {
        String stream = streamOf(aggregateId);
        if (stream == null) {
            return OptionalLong.empty();
        }
        List<RecordedEvent> event = read(
                stream,
                ReadStreamOptions.get().forwards().fromRevision(sequence).maxCount(1));
        return event.isEmpty() || event.get(0).getRevision() != sequence
                ? OptionalLong.empty()
                : OptionalLong.of(event.get(0).getPosition().getCommitUnsigned());
    }

    /** The {@code $all} position of the aggregate's newest event. */
    OptionalLong newestPosition(String aggregateId) {
        String stream = streamOf(aggregateId);
        if (stream == null) {
            return OptionalLong.empty();
        }
        List<RecordedEvent> event =
                read(stream, ReadStreamOptions.get().backwards().fromEnd().maxCount(1));
        return event.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(event.get(0).getPosition().getCommitUnsigned());
    }

    /** The record at exactly {@code position} in {@code $all}, if there is one. */
    @Nullable
    RecordedEvent recordAt(long position) {
        ReadResult result = calls.await(
                client().readAll(ReadAllOptions.get()
                        .forwards()
                        .fromPosition(new Position(position, position))
                        .maxCount(1)
                        .deadline(calls.deadlineMillis())),
                "reading $all at " + position);
        for (ResolvedEvent event : result.getEvents()) {
            RecordedEvent record = event.getOriginalEvent();
            if (record.getPosition().getCommitUnsigned() == position) {
                return record;
            }
        }
        return null;
    }

    /**
     * One record of {@code $all} as Axon's tracked message, through the same serializer and upcasters
     * as every other read. Its token is its position.
     */
    TrackedEventMessage<?> decode(RecordedEvent record) {
        long position = record.getPosition().getCommitUnsigned();
        return EventUtils.upcastAndDeserializeTrackedEvents(
                        Stream.of(new TrackedDomainEventData<>(
                                GapAwareTrackingToken.newInstance(position, List.of()), records.fromRecord(record))),
                        getEventSerializer(),
                        upcasterChain)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the upcasters dropped the event at " + position));
    }

    // ---- snapshots ----

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        String aggregate = streamOf(snapshot.getAggregateIdentifier());
        if (aggregate == null) {
            return;
        }
        String stream = StreamNames.snapshots(aggregate);
        if (!trimmedSnapshotStreams.containsKey(stream)) {
            // Only the newest snapshot is ever read; the server drops the older ones. Remembered only once
            // the server took it, so a failed attempt is made again with the next snapshot.
            StreamMetadata metadata = new StreamMetadata();
            metadata.setMaxCount(1L);
            calls.await(client().setStreamMetadata(stream, metadata), "limiting " + stream);
            trimmedSnapshotStreams.put(stream, Boolean.TRUE);
        }
        calls.await(
                client().appendToStream(
                                stream,
                                AppendToStreamOptions.get()
                                        .streamState(StreamState.any())
                                        .deadline(calls.deadlineMillis()),
                                records.toRecord(snapshot, serializer)),
                "storing a snapshot in " + stream);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateId) {
        String aggregate = streamOf(aggregateId);
        if (aggregate == null) {
            return Stream.empty();
        }
        return read(
                        StreamNames.snapshots(aggregate),
                        ReadStreamOptions.get().backwards().fromEnd().maxCount(1))
                .stream()
                .map(records::fromRecord);
    }

    // ---- tracking ----

    /** Whether a record of {@code $all} is one of Atrium's events (not a system, index or snapshot record). */
    static boolean isAtriumEvent(RecordedEvent record) {
        return StreamNames.isAtriumEventType(record.getEventType());
    }

    /**
     * Pages through {@code $all} from the token. The Java client's {@code readAll} takes no server-side
     * filter, so records that are not Atrium events are left out here; the projections' feed
     * ({@link KurrentDbEventFeed}) reads through a subscription the server filters.
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(@Nullable TrackingToken token, boolean mayBlock) {
        long index = -1;
        SortedSet<Long> gaps = new TreeSet<>();
        if (token instanceof GapAwareTrackingToken gapAware) {
            index = gapAware.getIndex();
            gaps.addAll(gapAware.getGaps());
        } else if (token != null) {
            index = token.position().orElse(-1);
        }
        List<TrackedEventData<?>> out = new ArrayList<>();
        TreeSet<Long> open = new TreeSet<>(gaps);
        for (long gap : gaps) {
            RecordedEvent record = recordAt(gap);
            if (record != null) {
                open.remove(gap);
                if (isAtriumEvent(record)) {
                    out.add(new TrackedDomainEventData<>(
                            GapAwareTrackingToken.newInstance(index, new TreeSet<>(open)), records.fromRecord(record)));
                }
            }
        }
        long from = index;
        while (out.size() < batchSize) {
            ReadAllOptions options =
                    ReadAllOptions.get().forwards().maxCount(batchSize + 1L).deadline(calls.deadlineMillis());
            options = from < 0 ? options.fromStart() : options.fromPosition(new Position(from, from));
            List<ResolvedEvent> page =
                    calls.await(client().readAll(options), "reading $all").getEvents();
            long last = from;
            for (ResolvedEvent resolved : page) {
                RecordedEvent record = resolved.getOriginalEvent();
                long position = record.getPosition().getCommitUnsigned();
                if (position <= from) {
                    continue;
                }
                last = position;
                if (isAtriumEvent(record)) {
                    out.add(new TrackedDomainEventData<>(
                            GapAwareTrackingToken.newInstance(position, new TreeSet<>(open)),
                            records.fromRecord(record)));
                    if (out.size() >= batchSize) {
                        break;
                    }
                }
            }
            // The end of the log, or a page that brought nothing new, ends the read; a full page goes on.
            if (last == from || page.size() < batchSize + 1) {
                break;
            }
            from = last;
        }
        return out.stream();
    }

    @Override
    public @Nullable TrackingToken createHeadToken() {
        ReadResult last = calls.await(
                client().readAll(ReadAllOptions.get()
                        .backwards()
                        .fromEnd()
                        .maxCount(1)
                        .deadline(calls.deadlineMillis())),
                "reading the head of $all");
        if (last.getEvents().isEmpty()) {
            return null;
        }
        return GapAwareTrackingToken.newInstance(
                last.getEvents().get(0).getOriginalEvent().getPosition().getCommitUnsigned(), List.of());
    }

    /**
     * Atrium events after {@code after} up to {@code upTo}. Positions in {@code $all} are byte offsets, so
     * the events are counted, exactly up to {@code exactUpTo} records read; past that, the rest is
     * estimated from the bytes per event counted so far (a status page must not read a million events).
     */
    long countBetween(long after, long upTo, int exactUpTo) {
        long from = after;
        long start = Math.max(after, 0);
        long counted = 0;
        int read = 0;
        while (read < exactUpTo) {
            ReadAllOptions options =
                    ReadAllOptions.get().forwards().maxCount(1000).deadline(calls.deadlineMillis());
            options = from < 0 ? options.fromStart() : options.fromPosition(new Position(from, from));
            List<ResolvedEvent> page =
                    calls.await(client().readAll(options), "counting $all").getEvents();
            long last = from;
            for (ResolvedEvent resolved : page) {
                long position = resolved.getOriginalEvent().getPosition().getCommitUnsigned();
                if (position <= from) {
                    continue;
                }
                if (position > upTo) {
                    return counted;
                }
                last = position;
                read++;
                if (isAtriumEvent(resolved.getOriginalEvent())) {
                    counted++;
                }
            }
            if (last == from || page.size() < 1000) {
                return counted;
            }
            from = last;
        }
        long covered = Math.max(1, from - start);
        return counted + Math.round((double) counted * (upTo - from) / covered);
    }

    /** The last scan of the head: the raw head of $all then, and the newest Atrium event at or below it. */
    private record HeadScan(long rawHead, long atriumHead) {}

    private volatile HeadScan lastHead = new HeadScan(-1, -1);

    /**
     * The newest Atrium event's position, or -1 when there is none. Records of other kinds (snapshots,
     * index records, other applications' events on a shared store) may lie above it; they are walked
     * back over once, and only the part above the last scan is walked again.
     */
    synchronized long headPosition() {
        HeadScan known = lastHead;
        ReadAllOptions options =
                ReadAllOptions.get().direction(Direction.Backwards).fromEnd();
        long rawHead = -1;
        while (true) {
            List<ResolvedEvent> page = calls.await(
                            client().readAll(options.maxCount(256).deadline(calls.deadlineMillis())),
                            "reading the head of $all")
                    .getEvents();
            for (ResolvedEvent event : page) {
                long position = event.getOriginalEvent().getPosition().getCommitUnsigned();
                if (rawHead < 0) {
                    rawHead = position;
                }
                if (position <= known.rawHead()) {
                    // Below here the last scan already looked.
                    lastHead = new HeadScan(rawHead, known.atriumHead());
                    return known.atriumHead();
                }
                if (isAtriumEvent(event.getOriginalEvent())) {
                    lastHead = new HeadScan(rawHead, position);
                    return position;
                }
            }
            if (page.size() < 256) {
                lastHead = new HeadScan(rawHead, -1);
                return -1;
            }
            Position oldest = page.get(page.size() - 1).getOriginalEvent().getPosition();
            options = ReadAllOptions.get().direction(Direction.Backwards).fromPosition(oldest);
        }
    }
}
