package io.atrium.query.readmodel;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code ?minPosition=N}: waits, without holding a thread, until the projection that serves a read
 * has applied the event at position N (so a client reads its own write), for at most the configured
 * time; past that the read is answered 503 with {@code Retry-After}.
 * <p>
 * Waiting reads of one projection share one poll of its checkpoint (every 20 ms, only while some read
 * waits): with a poll per read, hundreds of reads waiting at once under load put hundreds of queries
 * a tick on the database, which slowed the projections they were waiting for.
 */
public final class ReadYourWrites {

    private static final Duration POLL = Duration.ofMillis(20);

    private final DatabaseClient db;
    private final Duration maxWait;
    private final @Nullable ReadModelPlacements placements;
    /** Keyed by placement and projection: positions are per event-store database. */
    private final ConcurrentHashMap<Watched, Watch> watches = new ConcurrentHashMap<>();

    public ReadYourWrites(DatabaseClient db, Duration maxWait) {
        this(db, maxWait, null);
    }

    /**
     * @param placements where tenants with a database of their own read; a position is waited for in the
     *                   caller's placement's checkpoints, since each database numbers its own events
     */
    public ReadYourWrites(DatabaseClient db, Duration maxWait, @Nullable ReadModelPlacements placements) {
        this.db = db;
        this.maxWait = maxWait;
        this.placements = placements;
    }

    private record Watched(String placement, String projection) {}

    /** Completes when {@code projection} covers {@code minPosition}; errors with {@link NotYetReadableException} past the bound. */
    public Mono<Void> await(String projection, @Nullable Long minPosition) {
        if (minPosition == null || minPosition <= 0) {
            return Mono.empty();
        }
        ReadModelPlacements routed = placements;
        if (routed == null) {
            return await(ReadModelPlacements.SHARED, projection, minPosition);
        }
        return routed.current().flatMap(placement -> await(placement, projection, minPosition));
    }

    private Mono<Void> await(String placement, String projection, long position) {
        Watch watch = watches.computeIfAbsent(new Watched(placement, projection), Watch::new);
        String seen = watch.last;
        if (seen != null && covers(seen, position)) {
            return Mono.empty();
        }
        return watch.tokens
                .filter(token -> covers(token, position))
                .next()
                .timeout(maxWait, Mono.error(() -> new NotYetReadableException(projection, position, maxWait)))
                .then();
    }

    /** One projection's checkpoint, polled while anyone waits on it. */
    private final class Watch {
        private volatile @Nullable String last;
        private final Flux<String> tokens;

        Watch(Watched watched) {
            String projection = watched.projection();
            this.tokens = Flux.interval(Duration.ZERO, POLL)
                    // A check slower than a tick must not pile ticks up: skip the ones that come due meanwhile.
                    .onBackpressureDrop()
                    // One failed poll (a connection dropped) must not fail every read waiting on it. The poll is
                    // shared by every waiting read of its placement, so it names the placement itself.
                    .concatMap(
                            tick -> token(projection)
                                    .contextWrite(c -> c.put(ReadModelPlacements.CONTEXT_KEY, watched.placement()))
                                    .onErrorResume(e -> Mono.empty()),
                            1)
                    .doOnNext(token -> last = token)
                    // Kept polling a little after the last waiting read leaves, so reads arriving one
                    // by one do not start and cancel it (and a query in flight) each time.
                    .publish()
                    .refCount(1, Duration.ofSeconds(2));
        }
    }

    private Mono<String> token(String projection) {
        return db.sql("SELECT token FROM projection_checkpoint WHERE name = :name")
                .bind("name", projection)
                .map(row -> row.get("token", String.class))
                .one();
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
