package io.atrium.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * The positions tests on the real MariaDB (its driver answers the INSERT's generated key its own way),
 * each in a database of its own, dropped afterwards.
 */
@Tag("services")
class MariaDbEventPositionsTest extends JdbcEventPositionsTest {

    private final String database = "atrium_test_" + Long.toHexString(System.nanoTime());

    @Override
    protected HikariDataSource openData() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        MariaDbEventStoreTest.SERVER, MariaDbEventStoreTest.USER, MariaDbEventStoreTest.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return EventStoreDatabase.open(
                MariaDbEventStoreTest.SERVER + database, MariaDbEventStoreTest.USER, MariaDbEventStoreTest.PASSWORD, 2);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        MariaDbEventStoreTest.SERVER, MariaDbEventStoreTest.USER, MariaDbEventStoreTest.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        }
    }
}
