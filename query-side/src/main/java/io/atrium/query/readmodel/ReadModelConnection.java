package io.atrium.query.readmodel;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.atrium.query.QuerySideProperties;
import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;

/**
 * Connects to the read models for reading. The schema is the projections' to create and migrate;
 * the read side only reads, so a read-only node needs no migration rights.
 */
public final class ReadModelConnection {

    private ReadModelConnection() {}

    public static ConnectionPool open(QuerySideProperties properties) {
        QuerySideProperties.ReadModel config = properties.readModel();
        ConnectionFactory factory = switch (config.kind()) {
            case "h2" ->
                new H2ConnectionFactory(H2ConnectionConfiguration.builder()
                        .file(properties
                                .dataDir()
                                .toAbsolutePath()
                                .normalize()
                                .resolve("readmodel")
                                .resolve("atrium")
                                .toString())
                        .username("sa")
                        .password("")
                        .property(H2ConnectionOption.MODE, "MySQL")
                        .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
                        .property("DATABASE_TO_LOWER", "TRUE")
                        .property("LOCK_TIMEOUT", "10000")
                        .build());
            case "mysql" ->
                MySqlConnectionFactory.from(MySqlConnectionConfiguration.builder()
                        .host(config.host())
                        .port(config.port())
                        .database(config.database())
                        .user(config.username())
                        .password(config.password())
                        .build());
            default ->
                throw new IllegalStateException(
                        "atrium.read-model.kind must be h2 or mysql, not '" + config.kind() + "'");
        };
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .name("atrium-query")
                .initialSize(1)
                .maxSize(config.poolSize())
                .maxIdleTime(Duration.ofMinutes(10))
                .validationQuery("SELECT 1")
                .build());
    }
}
