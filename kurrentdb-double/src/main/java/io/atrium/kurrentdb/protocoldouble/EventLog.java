package io.atrium.kurrentdb.protocoldouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jspecify.annotations.Nullable;

/**
 * The protocol double's store: one global log ({@code $all}) and, per stream, the dense list of its
 * events. Every method that touches the lists holds the log's monitor, so an append's events become
 * visible to readers and subscribers all at once.
 */
final class EventLog {

    /** Where the first record goes: a real log starts with an epoch record, so no event sits at 0. */
    static final long FIRST_POSITION = 128;

    private static final String METADATA_EVENT_TYPE = "$metadata";
    private static final String METASTREAM_PREFIX = "$$";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final List<StoredEvent> all = new ArrayList<>();
    private final Map<String, StreamEntry> streams = new HashMap<>();
    private final CopyOnWriteArraySet<Runnable> appendListeners = new CopyOnWriteArraySet<>();
    private long nextPosition = FIRST_POSITION;

    EventLog(Clock clock) {
        this.clock = clock;
    }

    /** A proposed event as the client sent it. */
    record ProposedEvent(UUID id, String type, boolean json, byte[] data, byte[] customMetadata) {}

    /** The expected state of an append or a delete, as the wire's oneof carries it. */
    record Expected(Kind kind, long revision) {
        enum Kind {
            ANY,
            NO_STREAM,
            STREAM_EXISTS,
            REVISION
        }

        static Expected any() {
            return new Expected(Kind.ANY, -2);
        }

        static Expected noStream() {
            return new Expected(Kind.NO_STREAM, -1);
        }

        static Expected streamExists() {
            return new Expected(Kind.STREAM_EXISTS, -4);
        }

        static Expected exactly(long revision) {
            return new Expected(Kind.REVISION, revision);
        }

        boolean matches(long currentRevision) {
            return switch (kind) {
                case ANY -> true;
                case NO_STREAM -> currentRevision == -1;
                case STREAM_EXISTS -> currentRevision >= 0;
                case REVISION -> currentRevision == revision;
            };
        }

        /** The numbers KurrentDB's trailers use: -1 no stream, -2 any, -4 stream exists, else the revision. */
        long raw() {
            return revision;
        }
    }

    sealed interface AppendOutcome {
        /** {@code lastRevision} is -1 when the stream still has no event (an empty append to nothing). */
        record Written(long lastRevision, @Nullable Long position) implements AppendOutcome {}

        /** {@code currentRevision} is -1 when the stream does not exist. */
        record WrongVersion(long currentRevision) implements AppendOutcome {}
    }

    sealed interface StreamRead {
        record NotFound() implements StreamRead {}

        /**
         * The events read, the first visible revision (for {@code FirstStreamPosition}) and the stream's
         * last revision (for {@code LastStreamPosition}).
         */
        record Found(List<StoredEvent> events, long firstVisible, long lastRevision) implements StreamRead {}
    }

    void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    AppendOutcome append(String stream, Expected expected, List<ProposedEvent> events) {
        AppendOutcome outcome;
        synchronized (this) {
            outcome = appendLocked(stream, expected, events);
        }
        if (outcome instanceof AppendOutcome.Written written && written.position() != null && !events.isEmpty()) {
            appendListeners.forEach(Runnable::run);
        }
        return outcome;
    }

    private AppendOutcome appendLocked(String stream, Expected expected, List<ProposedEvent> events) {
        StreamEntry entry = streams.get(stream);
        long current = entry == null ? -1 : entry.lastRevision();

        AppendOutcome idempotent = idempotentOutcome(entry, expected, events);
        if (idempotent != null) {
            return idempotent;
        }
        if (!expected.matches(current)) {
            return new AppendOutcome.WrongVersion(current);
        }
        if (events.isEmpty()) {
            return new AppendOutcome.Written(current, null);
        }
        if (entry == null) {
            entry = new StreamEntry();
            streams.put(stream, entry);
        }
        long ticks = nowTicks();
        for (ProposedEvent proposed : events) {
            long revision = entry.lastRevision() + 1;
            StoredEvent stored = new StoredEvent(
                    stream,
                    revision,
                    proposed.id(),
                    proposed.type(),
                    proposed.json(),
                    proposed.data(),
                    proposed.customMetadata(),
                    nextPosition,
                    ticks);
            nextPosition += recordSize(stored);
            entry.add(stored);
            all.add(stored);
            if (stream.startsWith(METASTREAM_PREFIX) && proposed.type().equals(METADATA_EVENT_TYPE)) {
                streamFor(stream.substring(METASTREAM_PREFIX.length())).rules = StreamRules.parse(proposed.data());
            }
        }
        StoredEvent last = all.get(all.size() - 1);
        return new AppendOutcome.Written(last.revision(), last.position());
    }

    /**
     * KurrentDB's idempotency check: an append whose event ids are already stored, in order, right
     * after the expected revision (or, with {@code any}/{@code stream_exists}, wherever the first id
     * sits in the stream) succeeds again without writing. A partial match is a wrong expected version,
     * as on the real server. The real server remembers ids in a bounded cache; this map is unbounded.
     */
    private @Nullable AppendOutcome idempotentOutcome(
            @Nullable StreamEntry entry, Expected expected, List<ProposedEvent> events) {
        if (entry == null || events.isEmpty()) {
            return null;
        }
        long current = entry.lastRevision();
        long firstRevision;
        switch (expected.kind()) {
            case REVISION -> {
                if (expected.revision() >= current) {
                    return null;
                }
                firstRevision = expected.revision() + 1;
            }
            case NO_STREAM -> firstRevision = 0;
            default -> {
                Long found = entry.revisionOf(events.get(0).id());
                if (found == null) {
                    return null;
                }
                firstRevision = found;
            }
        }
        int matched = 0;
        for (ProposedEvent proposed : events) {
            long revision = firstRevision + matched;
            if (revision > current || !entry.event(revision).id().equals(proposed.id())) {
                break;
            }
            matched++;
        }
        if (matched == events.size()) {
            StoredEvent last = entry.event(firstRevision + matched - 1);
            return new AppendOutcome.Written(last.revision(), last.position());
        }
        // An exact expectation that does not match the stream's head is a conflict whether or not some
        // ids matched; with any/stream_exists a partial match is what KurrentDB calls corrupted
        // idempotency and answers as a wrong expected version too.
        boolean exact = expected.kind() == Expected.Kind.REVISION || expected.kind() == Expected.Kind.NO_STREAM;
        if (matched > 0 || exact) {
            return new AppendOutcome.WrongVersion(current);
        }
        return null;
    }

    /**
     * A soft delete as KurrentDB does it: write the stream's metadata again with {@code $tb} (truncate
     * before) just past its last event, so reads answer "not found" while later appends continue the
     * revisions.
     */
    AppendOutcome softDelete(String stream, Expected expected) {
        AppendOutcome outcome;
        synchronized (this) {
            StreamEntry entry = streams.get(stream);
            long current = entry == null ? -1 : entry.lastRevision();
            if (!expected.matches(current)) {
                return new AppendOutcome.WrongVersion(current);
            }
            if (current < 0) {
                // Nothing to delete; KurrentDB answers without writing anything either.
                return new AppendOutcome.Written(-1, null);
            }
            ObjectNode node = JSON.createObjectNode();
            StoredEvent latestMetadata = latestMetadataEvent(stream);
            if (latestMetadata != null) {
                try {
                    if (JSON.readTree(latestMetadata.data()) instanceof ObjectNode object) {
                        node = object;
                    }
                } catch (IOException e) {
                    // An unreadable earlier metadata document is simply replaced.
                }
            }
            node.put("$tb", current + 1);
            byte[] metadata;
            try {
                metadata = JSON.writeValueAsBytes(node);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            outcome = appendLocked(
                    METASTREAM_PREFIX + stream,
                    Expected.any(),
                    List.of(new ProposedEvent(UUID.randomUUID(), METADATA_EVENT_TYPE, true, metadata, new byte[0])));
        }
        appendListeners.forEach(Runnable::run);
        return outcome;
    }

    private @Nullable StoredEvent latestMetadataEvent(String stream) {
        StreamEntry meta = streams.get(METASTREAM_PREFIX + stream);
        if (meta == null || meta.lastRevision() < 0) {
            return null;
        }
        return meta.event(meta.lastRevision());
    }

    /**
     * Reads a stream. {@code from} is a revision, or {@link Long#MAX_VALUE} for "end"; forwards reads
     * include {@code from}, backwards reads too (KurrentDB's stream reads are inclusive both ways).
     */
    synchronized StreamRead readStream(String stream, long from, boolean forwards, long count) {
        StreamEntry entry = streams.get(stream);
        if (entry == null || entry.lastRevision() < 0) {
            return new StreamRead.NotFound();
        }
        long last = entry.lastRevision();
        long first = firstVisible(stream, entry);
        if (first > last && rulesFor(stream).truncateBefore() != null) {
            return new StreamRead.NotFound();
        }
        List<StoredEvent> out = new ArrayList<>();
        if (forwards) {
            for (long revision = Math.max(from, first); revision <= last && out.size() < count; revision++) {
                out.add(entry.event(revision));
            }
        } else {
            for (long revision = Math.min(from, last); revision >= first && out.size() < count; revision--) {
                out.add(entry.event(revision));
            }
        }
        return new StreamRead.Found(out, first, last);
    }

    /** Events of {@code stream} with a revision above {@code afterRevision}, visibility applied. */
    synchronized List<StoredEvent> streamAfter(String stream, long afterRevision, int limit) {
        StreamEntry entry = streams.get(stream);
        if (entry == null) {
            return List.of();
        }
        long start = Math.max(afterRevision + 1, firstVisible(stream, entry));
        List<StoredEvent> out = new ArrayList<>();
        for (long revision = start; revision <= entry.lastRevision() && out.size() < limit; revision++) {
            out.add(entry.event(revision));
        }
        return out;
    }

    synchronized long lastRevision(String stream) {
        StreamEntry entry = streams.get(stream);
        return entry == null ? -1 : entry.lastRevision();
    }

    /** Index in {@code $all} of the first event whose position is at least {@code position}. */
    synchronized int indexAtOrAfter(long position) {
        int low = 0;
        int high = all.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (all.get(mid).position() < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    synchronized int allSize() {
        return all.size();
    }

    synchronized List<StoredEvent> allSlice(int fromIndex, int limit) {
        int to = Math.min(all.size(), fromIndex + limit);
        if (fromIndex >= to) {
            return List.of();
        }
        return new ArrayList<>(all.subList(fromIndex, to));
    }

    synchronized List<StoredEvent> allSliceBackwards(int beforeIndex, int limit) {
        List<StoredEvent> out = new ArrayList<>();
        for (int i = Math.min(beforeIndex, all.size()) - 1; i >= 0 && out.size() < limit; i--) {
            out.add(all.get(i));
        }
        return out;
    }

    /** The position a new event would get: the head of the log. */
    synchronized long headPosition() {
        return nextPosition;
    }

    private long firstVisible(String stream, StreamEntry entry) {
        StreamRules rules = rulesFor(stream);
        long count = entry.lastRevision() + 1;
        long first = 0;
        if (rules.truncateBefore() != null) {
            first = Math.max(first, rules.truncateBefore());
        }
        if (rules.maxCount() != null) {
            first = Math.max(first, count - rules.maxCount());
        }
        if (rules.maxAgeSeconds() != null) {
            long oldestMillis = clock.millis() - rules.maxAgeSeconds() * 1000L;
            while (first <= entry.lastRevision() && entry.event(first).createdEpochMillis() < oldestMillis) {
                first++;
            }
        }
        return first;
    }

    private StreamRules rulesFor(String stream) {
        StreamEntry entry = streams.get(stream);
        StreamRules rules = entry == null ? StreamRules.NONE : entry.rules;
        // KurrentDB keeps only the latest metadata event of a metastream unless told otherwise.
        if (stream.startsWith(METASTREAM_PREFIX) && rules.maxCount() == null) {
            return new StreamRules(1L, rules.maxAgeSeconds(), rules.truncateBefore());
        }
        return rules;
    }

    private StreamEntry streamFor(String stream) {
        return streams.computeIfAbsent(stream, s -> new StreamEntry());
    }

    private long nowTicks() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 10_000_000L + now.getNano() / 100L;
    }

    /**
     * A stand-in for the size of the record in a real transaction log: a fixed header plus the
     * variable parts, so positions grow unevenly and no caller can treat them as counters.
     */
    private static long recordSize(StoredEvent event) {
        return 88L
                + event.stream().getBytes(StandardCharsets.UTF_8).length
                + event.type().getBytes(StandardCharsets.UTF_8).length
                + event.data().length
                + event.customMetadata().length;
    }

    /** The rules a stream's metadata sets that change what a read of it shows. */
    record StreamRules(
            @Nullable Long maxCount,
            @Nullable Long maxAgeSeconds,
            @Nullable Long truncateBefore) {
        static final StreamRules NONE = new StreamRules(null, null, null);

        static StreamRules parse(byte[] json) {
            try {
                JsonNode node = JSON.readTree(json);
                if (node == null || !node.isObject()) {
                    return NONE;
                }
                return new StreamRules(
                        longOrNull(node, "$maxCount"), longOrNull(node, "$maxAge"), longOrNull(node, "$tb"));
            } catch (IOException e) {
                // The server ignores metadata it cannot parse; so does the double.
                return NONE;
            }
        }

        private static @Nullable Long longOrNull(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value != null && value.canConvertToLong() ? value.asLong() : null;
        }
    }

    private static final class StreamEntry {
        private final List<StoredEvent> events = new ArrayList<>();
        private final Map<UUID, Long> revisionById = new HashMap<>();
        private StreamRules rules = StreamRules.NONE;

        long lastRevision() {
            return events.size() - 1L;
        }

        StoredEvent event(long revision) {
            return events.get((int) revision);
        }

        @Nullable
        Long revisionOf(UUID id) {
            return revisionById.get(id);
        }

        void add(StoredEvent event) {
            events.add(event);
            revisionById.putIfAbsent(event.id(), event.revision());
        }
    }
}
