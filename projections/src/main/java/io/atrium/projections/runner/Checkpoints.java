package io.atrium.projections.runner;

import io.atrium.projections.feed.FeedPosition;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Each projection's position in the event log, kept in {@code projection_checkpoint}. */
public final class Checkpoints {

    private final DatabaseClient db;

    public Checkpoints(DatabaseClient db) {
        this.db = db;
    }

    public Mono<FeedPosition> load(String name) {
        return db.sql("SELECT token, feed_resume FROM projection_checkpoint WHERE name = :name")
                .bind("name", name)
                .map(row -> FeedPosition.parse(row.get("token", String.class), row.get("feed_resume", String.class)))
                .one()
                .defaultIfEmpty(FeedPosition.START);
    }

    /**
     * Saves a position; meant to run inside the transaction of the writes it covers. An UPDATE first:
     * after its first batch a projection always has its row, and H2 runs {@code ON DUPLICATE KEY UPDATE}
     * by failing the insert with an exception first, once per batch. The upsert covers the first save.
     */
    public Mono<Void> save(String name, FeedPosition position, DatabaseClient client) {
        String token = position.format();
        LocalDateTime at = LocalDateTime.now(ZoneOffset.UTC);
        UnaryOperator<DatabaseClient.GenericExecuteSpec> values = spec -> spec.bind("name", name)
                .bind("token", token)
                .bind("resume", position.resume())
                .bind("position", position.index())
                .bind("at", at);
        return values.apply(
                        client.sql(
                                "UPDATE projection_checkpoint SET token = :token, feed_resume = :resume, position = :position, updated_at = :at WHERE name = :name"))
                .fetch()
                .rowsUpdated()
                .flatMap(updated -> updated > 0
                        ? Mono.<Void>empty()
                        : values.apply(
                                        client.sql(
                                                "INSERT INTO projection_checkpoint (name, token, feed_resume, position, updated_at) VALUES (:name, :token, :resume, :position, :at) "
                                                        + "ON DUPLICATE KEY UPDATE token = VALUES(token), feed_resume = VALUES(feed_resume), position = VALUES(position), updated_at = VALUES(updated_at)"))
                                .then());
    }
}
