package io.atrium.cluster.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The probe on a real MariaDB: a hole whose append is still open is answered only once that
 * transaction ends, with the event if it committed and without it if it rolled back.
 */
@Tag("services")
class StoreCommitProbeTest {

    static final String DATABASE = "atrium_probe_" + Long.toHexString(System.nanoTime());
    static final String URL = MariaDbRelayLeaseTest.SERVER + DATABASE;

    @BeforeAll
    static void table() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        MariaDbRelayLeaseTest.SERVER, MariaDbRelayLeaseTest.USER, MariaDbRelayLeaseTest.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
            s.execute(
                    "CREATE TABLE " + DATABASE
                            + ".domain_event_entry (global_index BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(20)) ENGINE = InnoDB");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        MariaDbRelayLeaseTest.SERVER, MariaDbRelayLeaseTest.USER, MariaDbRelayLeaseTest.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    private static Connection open() throws Exception {
        return DriverManager.getConnection(URL, MariaDbRelayLeaseTest.USER, MariaDbRelayLeaseTest.PASSWORD);
    }

    private final StoreCommitProbe probe = new StoreCommitProbe(
            new DriverManagerDataSource(URL, MariaDbRelayLeaseTest.USER, MariaDbRelayLeaseTest.PASSWORD));

    @Test
    void aLateCommitIsWaitedForAndSeen() throws Exception {
        try (Connection writer = open()) {
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO domain_event_entry (global_index, payload) VALUES (100, 'late')");
            }
            CompletableFuture<Set<Long>> asked = CompletableFuture.supplyAsync(() -> probe.committed(100, 100));
            Thread.sleep(500);
            assertThat(asked).as("the probe waits while the append is open").isNotDone();

            writer.commit();

            assertThat(asked.get(10, TimeUnit.SECONDS)).containsExactly(100L);
        }
    }

    @Test
    void aRolledBackAppendIsAnsweredMissingOnceItRollsBack() throws Exception {
        try (Connection writer = open()) {
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO domain_event_entry (global_index, payload) VALUES (200, 'lost')");
            }
            CompletableFuture<Set<Long>> asked = CompletableFuture.supplyAsync(() -> probe.committed(199, 201));
            Thread.sleep(500);
            assertThat(asked).isNotDone();

            writer.rollback();

            assertThat(asked.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void committedNeighboursAreReportedWithoutWaiting() throws Exception {
        try (Connection writer = open();
                Statement s = writer.createStatement()) {
            s.execute("INSERT INTO domain_event_entry (global_index, payload) VALUES (300, 'a'), (302, 'b')");
        }

        assertThat(probe.committed(300, 302)).containsExactlyInAnyOrder(300L, 302L);
    }
}
