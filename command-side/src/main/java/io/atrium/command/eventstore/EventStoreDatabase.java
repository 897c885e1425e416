package io.atrium.command.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.CommandSideProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Opens the write side's SQL database and brings its schema up to date. One place decides between
 * the embedded H2 file and MySQL/MariaDB, so the application and the event-store tests open the same
 * thing the same way. With KurrentDB holding the events, this database still holds the command
 * side's own tables.
 */
public final class EventStoreDatabase {

    private EventStoreDatabase() {}

    /** The SQL dialects the schema exists in. */
    public enum Dialect {
        H2("h2"),
        MYSQL("mysql");

        final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }

        public static Dialect of(String jdbcUrl) {
            return jdbcUrl.startsWith("jdbc:h2:") ? H2 : MYSQL;
        }
    }

    /**
     * The JDBC URL the configuration names: for {@code h2}, a file under the data dir; for
     * {@code kurrentdb}, whose events are elsewhere, the database of the command side's own tables
     * ({@code url} when set, else that same file).
     */
    public static String jdbcUrl(CommandSideProperties properties) {
        CommandSideProperties.EventStore store = properties.eventStore();
        switch (store.kind()) {
            case "h2" -> {
                return embeddedFileUrl(properties);
            }
            case "jdbc" -> {
                if (isBlank(store.url())) {
                    throw new IllegalStateException("atrium.event-store.kind=jdbc needs atrium.event-store.url "
                            + "(e.g. jdbc:mariadb://127.0.0.1:3306/atrium)");
                }
                return store.url();
            }
            case "kurrentdb" -> {
                return isBlank(store.url()) ? embeddedFileUrl(properties) : store.url();
            }
            default ->
                throw new IllegalStateException(
                        "atrium.event-store.kind must be h2, jdbc or kurrentdb, not '" + store.kind() + "'");
        }
    }

    private static String embeddedFileUrl(CommandSideProperties properties) {
        return embeddedFileUrl(properties.dataDir().toAbsolutePath().normalize().resolve("eventstore"));
    }

    /** The embedded H2 file in {@code dir}, with the options the shared one has. */
    public static String embeddedFileUrl(Path dir) {
        // QUERY_CACHE_SIZE: each pooled session keeps this many parsed statements. H2's default of 8
        // is fewer than the statements a command runs, so every command parsed its SQL again.
        // MAX_LENGTH_INPLACE_LOB: payloads up to 64 KiB live in their row. At H2's default (256 bytes)
        // every event payload went through H2's separate LOB store: a map write on append and a
        // stream read on every load, most of the event store's cost.
        return "jdbc:h2:file:" + dir.resolve("atrium")
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128"
                + ";MAX_LENGTH_INPLACE_LOB=65536";
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** A pooled data source for the configured event store, its schema migrated. */
    public static HikariDataSource open(CommandSideProperties properties) throws java.io.IOException {
        String url = jdbcUrl(properties);
        CommandSideProperties.EventStore store = properties.eventStore();
        // The embedded file is this process's own, under the fixed H2 user; a configured url has its own.
        boolean embeddedFile = store.kind().equals("h2") || (store.kind().equals("kurrentdb") && isBlank(store.url()));
        if (embeddedFile) {
            Files.createDirectories(
                    properties.dataDir().toAbsolutePath().normalize().resolve("eventstore"));
        }
        return open(
                url, embeddedFile ? "sa" : store.username(), embeddedFile ? "" : store.password(), store.maxPoolSize());
    }

    public static HikariDataSource open(String url, String username, String password, int poolSize) {
        return open(url, username, password, poolSize, "atrium-eventstore");
    }

    /** A pooled data source at {@code url}, its schema migrated; {@code poolName} names it in the logs. */
    public static HikariDataSource open(String url, String username, String password, int poolSize, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(poolName);
        // Commands run at READ COMMITTED: every read they make happens under the aggregate's lock.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, Dialect.of(url));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/eventstore/" + dialect.folder)
                .table("flyway_eventstore_history")
                .load()
                .migrate();
    }
}
