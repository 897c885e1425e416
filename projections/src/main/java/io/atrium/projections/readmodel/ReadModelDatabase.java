package io.atrium.projections.readmodel;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * Opens the read-model database: migrates its schema over JDBC with Flyway, then hands out a pooled
 * R2DBC connection factory. H2 runs in MySQL mode, so one schema and one set of SQL serve both.
 */
public final class ReadModelDatabase {

    private ReadModelDatabase() {}

    /** The opened database and the dialect quirks replay needs. */
    public record Opened(ConnectionPool connections, ReadModelDialect dialect) {}

    public static Opened open(ReadModelProperties properties) throws IOException {
        ReadModelProperties.ReadModel config = properties.readModel();
        return switch (config.kind()) {
            case "h2" -> h2(properties.dataDir().toAbsolutePath().normalize().resolve("readmodel"), config.poolSize());
            case "mysql" -> mysql(config);
            default ->
                throw new IllegalStateException(
                        "atrium.read-model.kind must be h2 or mysql, not '" + config.kind() + "'");
        };
    }

    /**
     * Bytes up to which H2 keeps a LOB in memory and in its row. r2dbc-h2 (1.0 and 1.1) binds every
     * String parameter as a CLOB, which H2 then converts to the column's type; above this size (H2's
     * default is 256 bytes, i.e. 85 characters) each bound string was written to H2's LOB store and
     * read back through a stream: most of what projections allocated. Strings of up to 21,845
     * characters (3 bytes each at worst) now stay in memory.
     */
    static final String INPLACE_LOB = "65536";

    /** The embedded read-model database in {@code dir}. */
    public static Opened h2(Path dir, int poolSize) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("atrium");
        String options =
                ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;MAX_LENGTH_INPLACE_LOB="
                        + INPLACE_LOB;
        migrate("jdbc:h2:file:" + file + options, "sa", "");
        H2ConnectionConfiguration configuration = H2ConnectionConfiguration.builder()
                .file(file.toString())
                .username("sa")
                .password("")
                .property(H2ConnectionOption.MODE, "MySQL")
                .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
                .property("DATABASE_TO_LOWER", "TRUE")
                .property("LOCK_TIMEOUT", "10000")
                // Parsed statements kept per session (H2's default, 8, is fewer than one batch of projections uses).
                .property("QUERY_CACHE_SIZE", "128")
                .property("MAX_LENGTH_INPLACE_LOB", INPLACE_LOB)
                .build();
        return new Opened(pool(new H2ConnectionFactory(configuration), poolSize), ReadModelDialect.H2);
    }

    /** A MySQL/MariaDB read-model database. */
    public static Opened mysql(ReadModelProperties.ReadModel config) {
        migrate(
                "jdbc:mariadb://" + config.host() + ":" + config.port() + "/" + config.database(),
                config.username(),
                config.password());
        MySqlConnectionConfiguration configuration = MySqlConnectionConfiguration.builder()
                .host(config.host())
                .port(config.port())
                .database(config.database())
                .user(config.username())
                .password(config.password())
                .build();
        return new Opened(pool(MySqlConnectionFactory.from(configuration), config.poolSize()), ReadModelDialect.MYSQL);
    }

    private static ConnectionPool pool(ConnectionFactory factory, int size) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .name("atrium-readmodel")
                .initialSize(1)
                .maxSize(size)
                .maxIdleTime(Duration.ofMinutes(10))
                .validationQuery("SELECT 1")
                .build());
    }

    private static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/readmodel")
                .table("flyway_readmodel_history")
                .load()
                .migrate();
    }
}
