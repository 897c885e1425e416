package io.atrium.server.health;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Up when the event store's SQL database takes a new connection and validates it within the time limit.
 * It stands in for Boot's {@code db} check, which borrows from the pool the commands use: under load that
 * waits for a free connection (up to Hikari's 30 s), so the busiest command nodes would leave their
 * Service and push their load onto their peers. Like {@link ReadModelHealth}, the connection is opened
 * beside the pool, and the whole check answers within {@code atrium.health.timeout}.
 */
final class EventStoreHealth implements HealthIndicator {

    /** One daemon thread per check in flight; a database that hangs a connect holds only its own. */
    private static final Executor CHECKS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "atrium-health-eventstore");
        thread.setDaemon(true);
        return thread;
    });

    private final DataSource dataSource;
    private final Duration timeout;

    EventStoreHealth(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::validates, CHECKS);
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Health.up().build()
                    : Health.down()
                            .withDetail("error", "the connection did not validate")
                            .build();
        } catch (TimeoutException e) {
            check.cancel(true);
            return Health.down()
                    .withDetail("error", "no valid connection within " + timeout)
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail(
                            "error",
                            String.valueOf(
                                    e.getCause() == null
                                            ? e.getMessage()
                                            : e.getCause().getMessage()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    private boolean validates() {
        try (Connection connection = open()) {
            return connection.isValid(Math.max(1, (int) timeout.toSeconds()));
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A connection of its own to the pool's database; a data source that is no pool is asked directly. */
    private Connection open() throws SQLException {
        @Nullable HikariDataSource pool = pool();
        if (pool == null) {
            return dataSource.getConnection();
        }
        String url = pool.getJdbcUrl();
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            // H2 refuses settings it does not know, so only the network drivers get a connect timeout.
            properties.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
        }
        return DriverManager.getConnection(url, properties);
    }

    private @Nullable HikariDataSource pool() {
        if (dataSource instanceof HikariDataSource hikari) {
            return hikari;
        }
        try {
            // The data source that routes to placed tenants answers for the shared database here.
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
