package io.atrium.server.health;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Up when the read-model database takes a new connection and validates it within the time limit.
 * <p>
 * The connection is opened beside the pool, not borrowed from it: readiness asks whether the database
 * answers, and a pool busy with a burst of reads must not make a healthy node look down (and shed the
 * load to its peers, which would then look down in turn).
 */
final class ReadModelHealth implements ReactiveHealthIndicator {

    private final ConnectionFactory database;
    private final Duration timeout;

    ReadModelHealth(ConnectionPool pool, Duration timeout) {
        this.database = pool.unwrap();
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return Mono.usingWhen(
                        Mono.from(database.create()),
                        (Connection connection) -> Mono.from(connection.validate(ValidationDepth.REMOTE)),
                        Connection::close)
                .timeout(timeout)
                .map(valid -> valid
                        ? Health.up().build()
                        : Health.down()
                                .withDetail("error", "the connection did not validate")
                                .build())
                .onErrorResume(e -> Mono.just(Health.down()
                        .withDetail("error", String.valueOf(e.getMessage()))
                        .build()));
    }
}
