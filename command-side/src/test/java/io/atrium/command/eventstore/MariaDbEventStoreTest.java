package io.atrium.command.eventstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * The event-store contract on the real MariaDB that {@code scripts/services} keeps running
 * (127.0.0.1:3306, root, or {@code ATRIUM_TEST_MARIADB_URL}). Each test works in a database of its
 * own and drops it afterwards.
 */
@Tag("services")
class MariaDbEventStoreTest extends EventStoreContract {

    static final String SERVER =
            System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
    static final String USER = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_USER", "root");
    static final String PASSWORD = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_PASSWORD", "");

    private final String database = "atrium_test_" + Long.toHexString(System.nanoTime());

    @Override
    protected StoreUnderTest openStore() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return reopenStore();
    }

    @Override
    protected StoreUnderTest reopenStore() {
        return new JdbcStoreUnderTest(EventStoreDatabase.open(SERVER + database, USER, PASSWORD, 4));
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        }
    }
}
