package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A projection that commits between a refresh's two reads (a host app's row, then its grants) must
 * never leave the snapshot holding the row's new position with its old grants: the manifest cache is
 * keyed by that position and would keep the stale answer after the snapshot healed. (A cluster test
 * once saw a granted scope missing from q2's manifest for 90 s.)
 */
class ManifestSnapshotRaceTest {

    private static final String HOST = "ha-01jd8q3k5v6w7x8y9z0a1b2c3d";
    private static final String PROGRAM = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d";

    private final DatabaseClient db = SnapshotTables.inMemory("snapshot-race");

    @Test
    void aGrantCommittedBetweenTheTwoReadsIsNeverAdoptedAtItsNewPositionWithoutIt() throws InterruptedException {
        SnapshotTables.run(db, SnapshotTables.DDL);
        SnapshotTables.run(
                db,
                "INSERT INTO host_app VALUES ('" + HOST + "', 'default', 1, NULL, '[]', '[]', 7)",
                "INSERT INTO host_app_mini_program VALUES ('" + HOST + "', '" + PROGRAM + "', '[]', '[]', '[]', '[]')");
        try (ManifestSnapshot snapshot = new ManifestSnapshot(db)) {
            snapshot.start(Duration.ofMillis(50));
            await(() -> snapshot.host(HOST) != null);
            assertThat(snapshot.host(HOST).grants().get(PROGRAM).scopes()).isEmpty();

            // The grant of a scope commits in the middle of the next refresh, as a projection's would: the
            // grant's row, then the host app's position.
            AtomicBoolean fired = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            snapshot.betweenReads = table -> table.equals("host_app") && fired.compareAndSet(false, true)
                    ? db.sql("UPDATE host_app_mini_program SET scopes = '[\"scope.userInfo\"]'")
                            .then()
                            .then(db.sql("UPDATE host_app SET position = 9").then())
                            .doOnError(e -> failure.set(new IllegalStateException(e)))
                            // Off the refresh's thread, which must stay free to finish and close its first read.
                            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                    : reactor.core.publisher.Mono.empty();
            await(() -> failure.get() != null || snapshot.host(HOST).position() == 9);
            assertThat(failure.get()).as("the stand-in commit").isNull();
            assertThat(snapshot.host(HOST).grants().get(PROGRAM).scopes())
                    .as("the row at its new position carries the grant committed with it")
                    .containsExactly("scope.userInfo");
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(until);
            Thread.sleep(1);
        }
    }
}
