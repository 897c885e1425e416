package io.atrium.projections.runner;

import io.atrium.events.EventMetadata;
import io.atrium.events.projection.ProjectionEventSkipped;
import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.feed.UnreadableEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Keeps one projection current. On its own thread (the feed blocks, and a projection's batches must
 * not overlap) it reads the feed from the projection's checkpoint and applies events in batches;
 * each batch's rows and the checkpoint after it commit in one transaction, so a crash anywhere
 * neither loses nor doubles an effect. A failing batch is retried from the checkpoint with backoff.
 * <p>
 * An event no code can read (a poison event) is different: retrying cannot help. The runner applies
 * the events before it, then stops on it ({@code stopped-on-poison}) and reports it in its status,
 * while the other projections go on. An operator who confirms its position has it skipped
 * ({@link #skip}): the skip is recorded in the event log, and the runner resumes after it.
 */
public final class ProjectionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    static final int MAX_BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * How long the checkpoint of events this projection does not read may wait to be written. Such a
     * batch changes no row, so its transaction (a checkpoint UPDATE and a commit, per projection, per
     * batch) was much of what the projections cost a command; now it is written this long after the
     * first event passed over (sooner with the next batch the projection does read), so a read that
     * waits for such a position ({@code ?minPosition=}) waits at most about this much longer.
     */
    static final Duration DEFER_CHECKPOINT = Duration.ofMillis(100);

    private volatile long deferCheckpointNanos = DEFER_CHECKPOINT.toNanos();

    public static final String STOPPED_ON_POISON = "stopped-on-poison";

    private final Projection projection;
    private final EventFeed feed;
    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Checkpoints checkpoints;
    /** Held while a batch is applied; replay takes it to swap tables between batches. */
    private final ReentrantLock batchLock = new ReentrantLock();

    private final AtomicLong applied = new AtomicLong();
    private volatile @Nullable Thread thread;
    private volatile boolean running;
    private volatile String state = "stopped";
    private volatile long position = -1;
    private volatile @Nullable Instant lastEventAt;
    private volatile @Nullable Instant lastAppliedAt;
    private volatile @Nullable String lastError;

    /** The observation (span) of one batch; tracing-only, so it never doubles the projection metrics. */
    public static final String OBSERVATION = "atrium.tracing.projection.batch";

    /** Spans for batches; a no-op unless tracing is on (see {@link #observeWith}). */
    private volatile ObservationRegistry observations = ObservationRegistry.NOOP;

    private volatile boolean restartRequested;
    /** The poison event the runner is stopped on, and its place in the feed; null while it runs. */
    private volatile @Nullable PoisonEvent poison;

    private volatile @Nullable StoredEvent poisonAt;
    private final Object skipping = new Object();
    /** The lag of the last events applied (ms), a ring: written by the runner thread, read by status. */
    private final long[] lags = new long[10_000];

    private long lagCount;

    /** The runner's read-model connection: reset after a connection failure, closed when stopped. */
    private final OwnConnection own;

    /** Times each live batch (its rows and checkpoint, committed); a no-op timer when unmeasured. */
    private final Timer batchTime;

    /** A runner on a connection of its own (see {@link OwnConnection}), whose batches are not timed. */
    public ProjectionRunner(Projection projection, EventFeed feed, OwnConnection connection) {
        this(projection, feed, connection, new CompositeMeterRegistry());
    }

    /**
     * A runner on a connection of its own (see {@link OwnConnection}) that times its batches as
     * {@code atrium.projection.batch.duration} in {@code registry}.
     */
    public ProjectionRunner(Projection projection, EventFeed feed, OwnConnection connection, MeterRegistry registry) {
        this.batchTime = Timer.builder("atrium.projection.batch.duration")
                .description("Time to apply one batch of events and its checkpoint, committed")
                .tag("projection", projection.name())
                .register(registry);
        this.projection = projection;
        this.feed = feed;
        this.db = connection.client();
        this.transactions = connection.transactions();
        this.checkpoints = new Checkpoints(db);
        this.own = connection;
    }

    public Projection projection() {
        return projection;
    }

    /**
     * How long the checkpoint of passed-over events may wait ({@link #DEFER_CHECKPOINT} unless changed):
     * a test sets a long one to see the deferral, which the default's 100 ms hides from a slow machine.
     */
    public void deferCheckpointFor(Duration wait) {
        this.deferCheckpointNanos = wait.toNanos();
    }

    /** Observes each batch (a span when tracing is on); the server calls this once at start. */
    public void observeWith(ObservationRegistry registry) {
        this.observations = registry;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state = "starting";
        thread = new Thread(this::loop, "projection-" + projection.name());
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state = "stopped";
        own.close();
    }

    /** How long a lag read stays good: the scrape, the readiness probe and the status page all ask. */
    private static final long LAG_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private volatile long lagReadAt;
    private volatile long lagRead = -1;

    /**
     * How many positions the projection is behind the feed's head (0 when it is current), read at most
     * once a second. The metrics scrape and the readiness probe are unauthenticated, and each read is a
     * query on the store (up to 10,000 records on KurrentDB), so a caller polling them fast must not turn
     * into that many queries.
     */
    public long lagEvents() {
        long now = System.nanoTime();
        long cached = lagRead;
        if (cached >= 0 && now - lagReadAt < LAG_TTL_NANOS) {
            return cached;
        }
        long head = feed.headPosition();
        long at = position;
        long lag = head <= at ? 0 : feed.eventsBetween(at, head);
        lagReadAt = now;
        lagRead = lag;
        return lag;
    }

    public ProjectionStatus status() {
        long head = feed.headPosition();
        long[] sample;
        synchronized (lags) {
            sample = java.util.Arrays.copyOf(lags, (int) Math.min(lagCount, lags.length));
        }
        java.util.Arrays.sort(sample);
        return new ProjectionStatus(
                projection.name(),
                state,
                position,
                head,
                head <= position ? 0 : feed.eventsBetween(position, head),
                lastEventAt,
                lastAppliedAt,
                applied.get(),
                percentile(sample, 50),
                percentile(sample, 99),
                lastError,
                poison);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
    }

    /** The position the projection has applied up to (-1: none). */
    public long position() {
        return position;
    }

    /**
     * Runs {@code work} between two batches (no batch in flight), then makes the runner re-read its
     * checkpoint: replay uses it to swap tables and install the replay's checkpoint.
     */
    public void betweenBatches(Runnable work) {
        batchLock.lock();
        try {
            work.run();
            restartRequested = true;
        } finally {
            batchLock.unlock();
        }
    }

    void markReplaying(boolean replaying) {
        if (running) {
            state = replaying ? "replaying" : "running";
        }
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            restartRequested = false;
            FeedPosition from;
            try {
                from = checkpoints.load(projection.name()).block(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                fail("could not read the checkpoint", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
                continue;
            }
            position = from.index();
            // Passed over (no event the projection reads), applied in memory, its checkpoint not yet written.
            @Nullable StoredEvent deferred = null;
            long deferredSince = 0;
            try (EventFeed.Stream stream = feed.open(projection.name(), from)) {
                if (!"replaying".equals(state)) {
                    state = "running";
                }
                while (running && !restartRequested) {
                    List<StoredEvent> batch = new ArrayList<>();
                    // While something waits to be written, wait for the feed no longer than it may wait.
                    Duration wait = deferred == null
                            ? POLL
                            : Duration.ofNanos(Math.max(0, deferCheckpointNanos - (System.nanoTime() - deferredSince)));
                    if (stream.hasNext(wait)) {
                        do {
                            batch.add(stream.next());
                        } while (batch.size() < MAX_BATCH && stream.hasNext(Duration.ZERO));
                    }
                    int unreadable = firstUnreadable(batch);
                    if (unreadable >= 0) {
                        if (unreadable > 0 && applyBatch(batch.subList(0, unreadable))) {
                            stream.committed(batch.get(unreadable - 1).after());
                        } else if (unreadable == 0 && deferred != null && saveCheckpoint(deferred.after())) {
                            // Stopping on the poison: what was passed over before it is written first.
                            stream.committed(deferred.after());
                        }
                        deferred = null;
                        if (!restartRequested) {
                            stopOn(batch.get(unreadable));
                        }
                        // Re-read the checkpoint: after a skip it stands past the poison event.
                        break;
                    }
                    if (readsNone(batch)) {
                        if (!batch.isEmpty()) {
                            if (deferred == null) {
                                deferredSince = System.nanoTime();
                            }
                            deferred = batch.get(batch.size() - 1);
                            passOver(batch);
                        }
                        // The feed went quiet, or the deferred checkpoint has waited long enough: write it.
                        if (deferred != null
                                && (batch.isEmpty() || System.nanoTime() - deferredSince >= deferCheckpointNanos)) {
                            if (saveCheckpoint(deferred.after())) {
                                stream.committed(deferred.after());
                            }
                            deferred = null;
                        }
                    } else if (applyBatch(batch)) {
                        // Its checkpoint covers whatever was passed over before it.
                        stream.committed(batch.get(batch.size() - 1).after());
                        deferred = null;
                    }
                    backoff = 100;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                fail("a batch failed; retrying from the checkpoint", e);
                // What was passed over before the failing batch is not left behind it (best effort: the
                // position never lies behind the stored checkpoint, so this cannot move it back).
                if (deferred != null) {
                    try {
                        saveCheckpoint(deferred.after());
                    } catch (RuntimeException again) {
                        e.addSuppressed(again);
                    }
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** Whether no event of the batch is of a type this projection reads (an unreadable one's type included). */
    private boolean readsNone(List<StoredEvent> batch) {
        for (StoredEvent event : batch) {
            String type = event.payload() instanceof UnreadableEvent unreadable ? unreadable.type() : event.type();
            if (projection.reads(type)) {
                return false;
            }
        }
        return true;
    }

    /** A batch the projection reads none of: applied in memory only, its checkpoint written later. */
    private void passOver(List<StoredEvent> batch) {
        batchLock.lock();
        try {
            if (restartRequested) {
                return;
            }
            StoredEvent last = batch.get(batch.size() - 1);
            position = last.after().index();
            lastEventAt = last.timestamp();
            lastAppliedAt = Instant.now();
            recordLags(batch, lastAppliedAt.toEpochMilli());
            applied.addAndGet(batch.size());
            lastError = null;
        } finally {
            batchLock.unlock();
        }
    }

    /**
     * Writes a checkpoint alone, for events passed over; false when a restart was asked for meanwhile
     * (a replay installed a checkpoint of its own, which this must not overwrite).
     */
    private boolean saveCheckpoint(FeedPosition after) {
        batchLock.lock();
        try {
            if (restartRequested) {
                return false;
            }
            checkpoints
                    .save(projection.name(), after, db)
                    .as(transactions::transactional)
                    .block(Duration.ofMinutes(5));
            return true;
        } finally {
            batchLock.unlock();
        }
    }

    private void recordLags(List<StoredEvent> batch, long now) {
        synchronized (lags) {
            for (StoredEvent event : batch) {
                lags[(int) (lagCount++ % lags.length)] = now - event.timestamp().toEpochMilli();
            }
        }
    }

    /** The first event of the batch this projection cannot go past: an unreadable one of a type it reads. */
    private int firstUnreadable(List<StoredEvent> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).payload() instanceof UnreadableEvent unreadable && projection.reads(unreadable.type())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Stops on a poison event until an operator skips it (or the runner is stopped). One skipped before
     * (the projection met it again after a restore) is passed over at once.
     */
    private void stopOn(StoredEvent event) throws InterruptedException {
        UnreadableEvent unreadable = (UnreadableEvent) event.payload();
        if (Boolean.TRUE.equals(
                Skips.contains(db, projection.name(), event.position()).block(Duration.ofSeconds(30)))) {
            checkpoints
                    .save(projection.name(), event.after(), db)
                    .as(transactions::transactional)
                    .block(Duration.ofSeconds(30));
            return;
        }
        poisonAt = event;
        poison = new PoisonEvent(event.position(), unreadable.type(), unreadable.error());
        state = STOPPED_ON_POISON;
        lastError = "the event at position " + event.position() + " (" + unreadable.type() + ") cannot be read: "
                + unreadable.error();
        LOG.error(
                "Projection {} stopped: {}. The other projections go on; an operator may skip it.",
                projection.name(),
                lastError);
        while (running && poison != null) {
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Skips the poison event the runner is stopped on, once the operator has confirmed its position: the
     * skip is recorded in the event log first (nothing is skipped if that fails), then the checkpoint
     * moves past the event and the runner resumes.
     *
     * @throws SkipRefusedException when the runner is not stopped on a poison event, or on another one
     */
    public ProjectionEventSkipped skip(long position, String reason, EventMetadata metadata, SkippedEventLog log) {
        synchronized (skipping) {
            PoisonEvent stoppedOn = poison;
            StoredEvent at = poisonAt;
            if (stoppedOn == null || at == null) {
                throw new SkipRefusedException(
                        "not-stopped-on-poison",
                        "projection '" + projection.name() + "' is not stopped on a poison event");
            }
            if (stoppedOn.position() != position) {
                throw new SkipRefusedException(
                        "position-mismatch",
                        "projection '" + projection.name() + "' is stopped at position " + stoppedOn.position()
                                + ", not " + position);
            }
            ProjectionEventSkipped skipped = new ProjectionEventSkipped(
                    projection.name(), position, stoppedOn.type(), stoppedOn.error(), reason, metadata.actor());
            log.record(skipped, metadata);
            batchLock.lock();
            try {
                Skips.add(db, projection.name(), position, stoppedOn.type(), reason)
                        .then(checkpoints.save(projection.name(), at.after(), db))
                        .as(transactions::transactional)
                        .block(Duration.ofSeconds(30));
                this.position = at.after().index();
                lastError = null;
                state = "running";
                poisonAt = null;
                poison = null;
            } finally {
                batchLock.unlock();
            }
            LOG.warn(
                    "Projection {}: skipped the event at position {} ({}), as {} asked: {}",
                    projection.name(),
                    position,
                    stoppedOn.type(),
                    metadata.actor(),
                    reason);
            return skipped;
        }
    }

    /** Applies a batch and its checkpoint in one transaction; false when it was left for a re-read instead. */
    private boolean applyBatch(List<StoredEvent> batch) {
        batchLock.lock();
        long started = System.nanoTime();
        try {
            if (restartRequested) {
                // The checkpoint changed under us (a replay swapped tables): re-read it instead.
                return false;
            }
            FeedPosition after = batch.get(batch.size() - 1).after();
            // Unreadable events of types this projection does not read are passed over (see firstUnreadable).
            List<StoredEvent> readable = batch.stream()
                    .filter(e -> !(e.payload() instanceof UnreadableEvent))
                    .toList();
            Runnable apply = () -> (readable.isEmpty()
                            ? Mono.<Void>empty()
                            : projection.apply(readable, Projection.Tables.LIVE, db))
                    .then(checkpoints.save(projection.name(), after, db))
                    .as(transactions::transactional)
                    .block(Duration.ofMinutes(5));
            ObservationRegistry registry = observations;
            if (registry.isNoop()) {
                apply.run();
            } else {
                Observation.createNotStarted(OBSERVATION, registry)
                        .contextualName("projection " + projection.name())
                        .lowCardinalityKeyValue("projection", projection.name())
                        .highCardinalityKeyValue("events", Integer.toString(batch.size()))
                        .observe(apply);
            }
            position = after.index();
            lastEventAt = batch.get(batch.size() - 1).timestamp();
            lastAppliedAt = Instant.now();
            recordLags(batch, lastAppliedAt.toEpochMilli());
            applied.addAndGet(batch.size());
            lastError = null;
            batchTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } finally {
            batchLock.unlock();
        }
    }

    private void fail(String what, RuntimeException e) {
        state = "failing";
        lastError = what + ": " + e.getMessage();
        LOG.warn("Projection {}: {}", projection.name(), what, e);
        if (lostConnection(e)) {
            try {
                own.reset();
            } catch (RuntimeException resetFailed) {
                LOG.debug("Projection {}: dropping its connection failed too", projection.name(), resetFailed);
            }
        }
    }

    /** Whether a failure says the connection itself is gone (a server restart, a network cut), not the batch. */
    private static boolean lostConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcNonTransientResourceException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
