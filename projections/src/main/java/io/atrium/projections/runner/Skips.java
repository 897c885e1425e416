package io.atrium.projections.runner;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The poison events an operator told each projection to skip, kept in {@code projection_skip}, so
 * that a replay from the first event passes over them too instead of stopping again.
 */
final class Skips {

    private Skips() {}

    static Mono<Void> add(DatabaseClient db, String projection, long position, String type, String reason) {
        return db.sql("INSERT INTO projection_skip (projection, position, event_type, reason, skipped_at) "
                        + "VALUES (:projection, :position, :type, :reason, :at)")
                .bind("projection", projection)
                .bind("position", position)
                .bind("type", type)
                .bind("reason", reason)
                .bind("at", LocalDateTime.now(ZoneOffset.UTC))
                .then();
    }

    static Mono<Boolean> contains(DatabaseClient db, String projection, long position) {
        return db.sql("SELECT 1 FROM projection_skip WHERE projection = :projection AND position = :position")
                .bind("projection", projection)
                .bind("position", position)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }
}
