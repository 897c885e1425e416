package io.atrium.projections.runner;

import io.atrium.projections.feed.EventFeed;
import io.atrium.projections.feed.FeedPosition;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds a projection from the first event into shadow copies of its tables while the live
 * tables keep serving, then, between two of the live runner's batches, catches up the last events,
 * swaps the shadows in (one atomic step), and hands the runner the replay's checkpoint.
 */
public final class Replayer {

    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    static final String SHADOW = "__replay";
    static final String OLD = "__old";

    private final EventFeed feed;
    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final ReadModelDialect dialect;

    public Replayer(EventFeed feed, DatabaseClient db, TransactionalOperator transactions, ReadModelDialect dialect) {
        this.feed = feed;
        this.db = db;
        this.transactions = transactions;
        this.dialect = dialect;
    }

    /** Replays on the calling thread, reporting progress to {@code progress}. */
    public void replay(ProjectionRunner runner, Consumer<ReplayProgress> progress) {
        Projection projection = runner.projection();
        String name = projection.name();
        List<ReadModelDialect.Table> tables = projection.tables();
        long headAtStart = feed.headPosition();
        if (headAtStart < 0 && runner.position() >= 0) {
            // The projection has applied events, so the log is not empty: its head could not be read
            // (a broker away). Replaying to "the head" would swap in empty tables.
            progress.accept(new ReplayProgress(
                    name, "failed", 0, 0, 0, -1, "the log's head could not be read; nothing was replaced"));
            return;
        }
        long total = headAtStart < 0 ? 0 : feed.eventsBetween(-1, headAtStart);
        long started = System.nanoTime();
        long[] done = {0};
        runner.markReplaying(true);
        try {
            progress.accept(new ReplayProgress(name, "cloning", 0, total, 0, -1, "creating shadow tables"));
            for (ReadModelDialect.Table table : tables) {
                execute(dialect.cloneTable(table, table.name() + SHADOW, notNullColumns(table.name())));
            }
            Projection.Tables shadow = new Projection.Tables(SHADOW);
            FeedPosition position = FeedPosition.START;
            long lastReport = 0;
            try (EventFeed.Stream stream = feed.open(position)) {
                // Reaching the head as it was when the replay started is what "caught up" means; silence is not.
                long target = feed.headPosition();
                while (position.index() < target) {
                    List<StoredEvent> batch = take(stream, Duration.ofSeconds(1));
                    if (batch.isEmpty()) {
                        continue;
                    }
                    position = applyTo(projection, shadow, batch);
                    done[0] += batch.size();
                    long now = System.nanoTime();
                    if (now - lastReport > 500_000_000L) {
                        lastReport = now;
                        progress.accept(progress(name, "replaying", done[0], total, started, null));
                    }
                }
                progress.accept(
                        progress(name, "indexing", done[0], total, started, "building the shadow tables' indexes"));
                for (ReadModelDialect.Table table : tables) {
                    execute(dialect.addIndexes(table, table.name() + SHADOW));
                }
                progress.accept(progress(name, "swapping", done[0], total, started, "catching up and swapping tables"));
                FeedPosition[] end = {position};
                runner.betweenBatches(() -> {
                    try {
                        // The live runner is paused: whatever the log holds now goes into the shadows too.
                        long head = feed.headPosition();
                        while (end[0].index() < head) {
                            List<StoredEvent> rest = take(stream, Duration.ofSeconds(1));
                            if (!rest.isEmpty()) {
                                end[0] = applyTo(projection, shadow, rest);
                                done[0] += rest.size();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while catching up", e);
                    }
                    execute(dialect.swap(tables, SHADOW, OLD));
                    new Checkpoints(db).save(name, end[0], db).block(Duration.ofSeconds(30));
                });
            }
            for (ReadModelDialect.Table table : tables) {
                execute(List.of("DROP TABLE IF EXISTS " + table.name() + OLD));
            }
            progress.accept(progress(name, "done", done[0], total, started, "swapped in"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.accept(progress(name, "failed", done[0], total, started, "interrupted"));
        } catch (RuntimeException e) {
            LOG.warn("Replay of {} failed", name, e);
            progress.accept(progress(name, "failed", done[0], total, started, e.getMessage()));
        } finally {
            runner.markReplaying(false);
        }
    }

    private static List<StoredEvent> take(EventFeed.Stream stream, Duration wait) throws InterruptedException {
        List<StoredEvent> batch = new ArrayList<>();
        if (stream.hasNext(wait)) {
            do {
                batch.add(stream.next());
            } while (batch.size() < 1000 && stream.hasNext(Duration.ZERO));
        }
        return batch;
    }

    /**
     * Applies a batch to the shadow tables. A poison event an operator skipped on the live projection is
     * passed over here too; one nobody skipped fails the replay, naming it (skip it first).
     */
    private FeedPosition applyTo(Projection projection, Projection.Tables shadow, List<StoredEvent> batch) {
        List<StoredEvent> readable = new java.util.ArrayList<>(batch.size());
        for (StoredEvent event : batch) {
            if (event.payload() instanceof io.atrium.projections.feed.UnreadableEvent unreadable) {
                if (projection.reads(unreadable.type())
                        && !Boolean.TRUE.equals(Skips.contains(db, projection.name(), event.position())
                                .block(Duration.ofSeconds(30)))) {
                    throw new IllegalStateException("the event at position " + event.position() + " ("
                            + unreadable.type() + ") cannot be read: " + unreadable.error()
                            + "; skip it on the live projection first");
                }
            } else {
                readable.add(event);
            }
        }
        if (!readable.isEmpty()) {
            projection
                    .apply(readable, shadow, db)
                    .as(transactions::transactional)
                    .block(Duration.ofMinutes(5));
        }
        return batch.get(batch.size() - 1).after();
    }

    private List<String> notNullColumns(String table) {
        return db.sql(
                        "SELECT column_name FROM information_schema.columns WHERE LOWER(table_name) = :table AND is_nullable = 'NO' "
                                + "AND LOWER(table_schema) = LOWER(" + dialect.currentSchema() + ")")
                .bind("table", table.toLowerCase(java.util.Locale.ROOT))
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    /** Runs DDL statements one after another on one connection. */
    private void execute(List<String> statements) {
        db.inConnection(connection -> Flux.fromIterable(statements)
                        .concatMap(
                                sql -> Mono.from(connection.createStatement(sql).execute())
                                        .flatMap(result -> Mono.from(result.getRowsUpdated())))
                        .then())
                .block(Duration.ofMinutes(5));
    }

    private static ReplayProgress progress(
            String name, String phase, long done, long total, long started, @Nullable String message) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        double left = rate > 0 ? Math.max(0, total - done) / rate : -1;
        return new ReplayProgress(
                name, phase, done, total, Math.round(rate * 10) / 10.0, Math.round(left * 10) / 10.0, message);
    }
}
