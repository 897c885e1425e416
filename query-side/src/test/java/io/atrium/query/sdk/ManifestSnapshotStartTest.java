package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A query node may start before any projections node has created the read model (a fresh cluster):
 * the snapshot must not stop the node then, and must load once the tables appear.
 */
class ManifestSnapshotStartTest {

    private final DatabaseClient db = SnapshotTables.inMemory("snapshot");

    @Test
    void startsOnAReadModelWithoutTablesAndLoadsWhenTheyAppear() throws InterruptedException {
        try (ManifestSnapshot snapshot = new ManifestSnapshot(db)) {
            snapshot.start(Duration.ofMillis(50));
            assertThat(snapshot.loaded()).as("nothing could be read yet").isFalse();
            assertThat(snapshot.host("ha-01jd8q3k5v6w7x8y9z0a1b2c3d")).isNull();

            // What the projections' migration creates, and one host app.
            SnapshotTables.run(db, SnapshotTables.DDL);
            SnapshotTables.run(
                    db,
                    "INSERT INTO host_app VALUES ('ha-01jd8q3k5v6w7x8y9z0a1b2c3d', 'default', 1, NULL, '[]', '[]', 7)");

            await(snapshot::loaded);
            await(() -> snapshot.host("ha-01jd8q3k5v6w7x8y9z0a1b2c3d") != null);
            assertThat(snapshot.host("ha-01jd8q3k5v6w7x8y9z0a1b2c3d").tenant()).isEqualTo("default");

            // A newer row is read by the next poll; one a late commit placed below it by the next full read.
            db.sql("INSERT INTO host_app VALUES ('ha-01jd8q3k5v6w7x8y9z0newer0', 'default', 1, NULL, '[]', '[]', 9)")
                    .then()
                    .block();
            await(() -> snapshot.host("ha-01jd8q3k5v6w7x8y9z0newer0") != null);
            db.sql("INSERT INTO host_app VALUES ('ha-01jd8q3k5v6w7x8y9z00late0', 'default', 1, NULL, '[]', '[]', 8)")
                    .then()
                    .block();
            long before = System.nanoTime();
            await(() -> snapshot.host("ha-01jd8q3k5v6w7x8y9z00late0") != null);
            assertThat(Duration.ofNanos(System.nanoTime() - before))
                    .isLessThanOrEqualTo(ManifestSnapshot.FULL_EVERY.plusSeconds(1));
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(until);
            Thread.sleep(20);
        }
    }
}
