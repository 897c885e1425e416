package io.atrium.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The real MariaDB the tests tagged "services" use ({@code scripts/services} starts it): where it is
 * (ATRIUM_TEST_MARIADB_URL / _USER / _PASSWORD, else root on 127.0.0.1:3306), and databases of a
 * test's own, made and dropped by name, so tests never share one.
 */
public final class TestMariaDb {

    /** The server's JDBC URL, ending in '/': a database name appended makes a database's URL. */
    public static final String URL =
            System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");

    public static final String USER = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_USER", "root");
    public static final String PASSWORD = System.getenv().getOrDefault("ATRIUM_TEST_MARIADB_PASSWORD", "");

    private TestMariaDb() {}

    /** Creates the databases, in the character set and collation Atrium's schemas expect. */
    public static void create(String... databases) {
        run("create", "CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", databases);
    }

    public static void drop(String... databases) {
        run("drop", "DROP DATABASE IF EXISTS %s", databases);
    }

    public static JdbcTemplate jdbc(String database) {
        return new JdbcTemplate(new DriverManagerDataSource(URL + database, USER, PASSWORD));
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(URL + database, USER, PASSWORD);
    }

    private static void run(String what, String statement, String... databases) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            for (String database : databases) {
                s.execute(statement.formatted(database));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not " + what + " databases " + String.join(", ", databases) + " at " + URL, e);
        }
    }
}
