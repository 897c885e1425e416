package io.atrium.projections.runner;

import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Keeps one projection current. On its own thread (the feed blocks, and a projection's batches must
 * not overlap) it reads the feed from the projection's checkpoint and applies events in batches;
 * each batch's rows and the checkpoint after it commit in one transaction, so a crash anywhere
 * neither loses nor doubles an effect. A failing batch is retried from the checkpoint with backoff.
 */
public final class ProjectionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    static final int MAX_BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Projection projection;
    private final EventFeed feed;
    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Checkpoints checkpoints;
    /** Held while a batch is applied; replay takes it to swap tables between batches. */
    private final ReentrantLock batchLock = new ReentrantLock();
    private final AtomicLong applied = new AtomicLong();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String state = "stopped";
    private volatile long position = -1;
    private volatile Instant lastEventAt;
    private volatile Instant lastAppliedAt;
    private volatile String lastError;
    private volatile boolean restartRequested;
    /** The lag of the last events applied (ms), a ring: written by the runner thread, read by status. */
    private final long[] lags = new long[10_000];
    private long lagCount;

    /** The runner's read-model connection: reset after a connection failure, closed when stopped. */
    private final OwnConnection own;

    /** A runner on a connection of its own (see {@link OwnConnection}). */
    public ProjectionRunner(Projection projection, EventFeed feed, OwnConnection connection) {
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

    public ProjectionStatus status() {
        long head = feed.headPosition();
        long[] sample;
        synchronized (lags) {
            sample = java.util.Arrays.copyOf(lags, (int) Math.min(lagCount, lags.length));
        }
        java.util.Arrays.sort(sample);
        return new ProjectionStatus(projection.name(), state, position, head, Math.max(0, head - position), lastEventAt, lastAppliedAt,
                applied.get(), percentile(sample, 50), percentile(sample, 99), lastError);
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
            try (EventFeed.Stream stream = feed.open(from)) {
                if (!"replaying".equals(state)) {
                    state = "running";
                }
                while (running && !restartRequested) {
                    List<StoredEvent> batch = new ArrayList<>();
                    if (stream.hasNext(POLL)) {
                        do {
                            batch.add(stream.next());
                        } while (batch.size() < MAX_BATCH && stream.hasNext(Duration.ZERO));
                    }
                    if (!batch.isEmpty()) {
                        applyBatch(batch);
                        backoff = 100;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                fail("a batch failed; retrying from the checkpoint", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void applyBatch(List<StoredEvent> batch) {
        batchLock.lock();
        try {
            if (restartRequested) {
                // The checkpoint changed under us (a replay swapped tables): re-read it instead.
                return;
            }
            FeedPosition after = batch.get(batch.size() - 1).after();
            projection.apply(batch, Projection.Tables.LIVE, db)
                    .then(checkpoints.save(projection.name(), after, db))
                    .as(transactions::transactional)
                    .block(Duration.ofMinutes(5));
            position = after.index();
            lastEventAt = batch.get(batch.size() - 1).timestamp();
            lastAppliedAt = Instant.now();
            synchronized (lags) {
                long now = lastAppliedAt.toEpochMilli();
                for (StoredEvent event : batch) {
                    lags[(int) (lagCount++ % lags.length)] = now - event.timestamp().toEpochMilli();
                }
            }
            applied.addAndGet(batch.size());
            lastError = null;
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
