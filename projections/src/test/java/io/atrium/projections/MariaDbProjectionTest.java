package io.atrium.projections;

import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.readmodel.ReadModelProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The projection contract on real MariaDB through r2dbc-mysql, in a database of its own. */
@Tag("services")
class MariaDbProjectionTest extends ProjectionContract {

    static final String HOST = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_HOST", "127.0.0.1");
    static final String USER = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_USER", "root");
    static final String PASSWORD = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_PASSWORD", "");
    private final String name = "atrium_read_test_" + Long.toHexString(System.nanoTime());

    @Override
    protected ReadModelDatabase.Opened open() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + HOST + ":3306/", USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return ReadModelDatabase.mysql(new ReadModelProperties.ReadModel("mysql", HOST, 3306, name, USER, PASSWORD, 4));
    }

    @AfterEach
    void drop() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + HOST + ":3306/", USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
