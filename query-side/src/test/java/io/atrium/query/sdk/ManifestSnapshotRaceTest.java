package io.atrium.query.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
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

    private final DatabaseClient db = DatabaseClient.create(new H2ConnectionFactory(H2ConnectionConfiguration.builder()
            .inMemory("snapshot-race-" + System.nanoTime())
            .username("sa")
            .password("")
            .property(H2ConnectionOption.MODE, "MySQL")
            .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
            .property("DATABASE_TO_LOWER", "TRUE")
            .build()));

    @Test
    void aGrantCommittedBetweenTheTwoReadsIsNeverAdoptedAtItsNewPositionWithoutIt() throws InterruptedException {
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
            "INSERT INTO host_app VALUES ('" + HOST + "', 'default', 1, NULL, '[]', '[]', 7)",
            "INSERT INTO host_app_mini_program VALUES ('" + HOST + "', '" + PROGRAM + "', '[]', '[]', '[]', '[]')"
        }) {
            db.sql(ddl).then().block();
        }
        try (ManifestSnapshot snapshot = new ManifestSnapshot(db)) {
            snapshot.start(Duration.ofMillis(50));
            await(() -> snapshot.host(HOST) != null);
            assertThat(snapshot.host(HOST).grants().get(PROGRAM).scopes()).isEmpty();

            // The grant of a scope commits in the middle of the next refresh, as a projection's would: the
            // grant's row, then the host app's position.
            AtomicBoolean fired = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            snapshot.betweenReads = () -> {
                if (fired.compareAndSet(false, true)) {
                    // On a thread of its own: the refresh runs on a Reactor thread, where block() is refused.
                    Thread commit = new Thread(() -> {
                        try {
                            db.sql("UPDATE host_app_mini_program SET scopes = '[\"scope.userInfo\"]'")
                                    .then()
                                    .then(db.sql("UPDATE host_app SET position = 9")
                                            .then())
                                    .block();
                        } catch (RuntimeException e) {
                            failure.set(e);
                        }
                    });
                    commit.start();
                    try {
                        commit.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
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
