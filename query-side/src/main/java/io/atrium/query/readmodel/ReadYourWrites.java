package io.atrium.query.readmodel;

import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code ?minPosition=N}: waits, without holding a thread, until the projection that serves a read
 * has applied the event at position N (so a client reads its own write), for at most the configured
 * time; past that the read is answered 503 with {@code Retry-After}.
 */
public final class ReadYourWrites {

    private static final Duration POLL = Duration.ofMillis(20);

    private final DatabaseClient db;
    private final Duration maxWait;

    public ReadYourWrites(DatabaseClient db, Duration maxWait) {
        this.db = db;
        this.maxWait = maxWait;
    }

    /** Completes when {@code projection} covers {@code minPosition}; errors with {@link NotYetReadableException} past the bound. */
    public Mono<Void> await(String projection, Long minPosition) {
        if (minPosition == null || minPosition <= 0) {
            return Mono.empty();
        }
        return Flux.interval(Duration.ZERO, POLL)
                // A check slower than a tick must not pile ticks up: skip the ones that come due meanwhile.
                .onBackpressureDrop()
                .concatMap(tick -> reached(projection, minPosition), 1)
                .filter(Boolean::booleanValue)
                .next()
                .timeout(maxWait, Mono.error(() -> new NotYetReadableException(projection, minPosition, maxWait)))
                .then();
    }

    private Mono<Boolean> reached(String projection, long position) {
        return db.sql("SELECT token FROM projection_checkpoint WHERE name = :name")
                .bind("name", projection)
                .map(row -> covers(row.get("token", String.class), position))
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * Whether a checkpoint token ({@code index} or {@code index;gap,gap}, as the projections write it)
     * covers {@code position}.
     */
    static boolean covers(String token, long position) {
        String[] parts = token.split(";", 2);
        if (Long.parseLong(parts[0]) < position) {
            return false;
        }
        if (parts.length == 2) {
            for (String gap : parts[1].split(",")) {
                if (!gap.isBlank() && Long.parseLong(gap) == position) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The read model did not reach the position in time. */
    public static final class NotYetReadableException extends RuntimeException {
        public NotYetReadableException(String projection, long position, Duration waited) {
            super("the " + projection + " read model has not reached position " + position + " within "
                    + waited.toMillis() + " ms");
        }
    }
}
