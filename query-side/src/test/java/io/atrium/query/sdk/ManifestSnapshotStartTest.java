package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A query node may start before any projections node has created the read model (a fresh cluster):
 * the snapshot must not stop the node then, and must load once the tables appear.
 */
class ManifestSnapshotStartTest {

    private final DatabaseClient db = DatabaseClient.create(new H2ConnectionFactory(H2ConnectionConfiguration.builder()
            .inMemory("snapshot-" + System.nanoTime())
            .username("sa")
            .password("")
            .property(H2ConnectionOption.MODE, "MySQL")
            .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
            .property("DATABASE_TO_LOWER", "TRUE")
            .build()));

    @Test
    void startsOnAReadModelWithoutTablesAndLoadsWhenTheyAppear() throws InterruptedException {
        try (ManifestSnapshot snapshot = new ManifestSnapshot(db)) {
            snapshot.start(Duration.ofMillis(50));
            assertThat(snapshot.loaded()).as("nothing could be read yet").isFalse();
            assertThat(snapshot.host("ha-01jd8q3k5v6w7x8y9z0a1b2c3d")).isNull();

            // What the projections' migration creates (the columns the snapshot reads), and one host app.
            for (String ddl : new String[] {
                "CREATE TABLE mini_program (id VARCHAR(40) PRIMARY KEY, tenant_id VARCHAR(63), state VARCHAR(16),"
                        + " current_version VARCHAR(64), gray_release_id VARCHAR(40), gray_version VARCHAR(64),"
                        + " gray_rules LONGTEXT, position BIGINT)",
                "CREATE TABLE mini_program_version (mini_program_id VARCHAR(40), version VARCHAR(64),"
                        + " sealed_digest CHAR(64), sealed_size BIGINT, manifest_sha256 CHAR(64),"
                        + " manifest_signature VARCHAR(200), signing_key_id VARCHAR(64), wrapped_data_key VARCHAR(400),"
                        + " files LONGTEXT)",
                "CREATE TABLE host_app (id VARCHAR(40) PRIMARY KEY, tenant_id VARCHAR(63), secret_generation INT,"
                        + " previous_secret_valid_until DATETIME(6), bundle_ids VARCHAR(2000), domains VARCHAR(2000),"
                        + " position BIGINT)",
                "CREATE TABLE host_app_mini_program (host_app_id VARCHAR(40), mini_program_id VARCHAR(40),"
                        + " api_groups VARCHAR(2000), apis VARCHAR(2000), menus VARCHAR(2000), scopes VARCHAR(2000))",
                "INSERT INTO host_app VALUES ('ha-01jd8q3k5v6w7x8y9z0a1b2c3d', 'default', 1, NULL, '[]', '[]', 7)"
            }) {
                db.sql(ddl).then().block();
            }

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
