package io.atrium.cluster.relay;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@Tag("services")
class MariaDbRelayLeaseTest extends RelayLeaseContract {

    static final String SERVER =
            System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
    static final String USER = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_USER", "root");
    static final String PASSWORD = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_PASSWORD", "");
    static final String DATABASE = "atrium_relay_" + Long.toHexString(System.nanoTime());

    static JdbcTemplate jdbc = new JdbcTemplate();

    @BeforeAll
    static void database() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        jdbc = new JdbcTemplate(new DriverManagerDataSource(SERVER + DATABASE, USER, PASSWORD));
        jdbc.execute(H2RelayLeaseTest.script("db/eventstore/mysql/V2__event_relay.sql"));
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    @Override
    JdbcTemplate jdbc() {
        return jdbc;
    }
}
