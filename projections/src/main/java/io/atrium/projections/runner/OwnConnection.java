package io.atrium.projections.runner;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A read-model connection that belongs to one projection runner, outside the shared pool.
 * <p>
 * Why not the pool: the embedded driver (r2dbc-h2) runs statements on the subscribing thread, and
 * the pool hands a freed connection to a waiting borrower on the thread that is releasing one. A
 * runner finishing its batch thus went on to run another runner's whole batch while that runner's
 * own thread waited, so the projections took turns on one thread and fell behind together under
 * load. With a connection each, every runner does its own work on its own thread.
 */
public final class OwnConnection implements AutoCloseable {

    private final SingleConnectionFactory connections;
    private final DatabaseClient client;
    private final TransactionalOperator transactions;

    /** @param target a factory that opens new connections (not the pool) */
    public OwnConnection(ConnectionFactory target) {
        this.connections = new SingleConnectionFactory(target);
        this.connections.setSuppressClose(true);
        this.client = DatabaseClient.create(connections);
        this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(connections));
    }

    public DatabaseClient client() {
        return client;
    }

    public TransactionalOperator transactions() {
        return transactions;
    }

    /** Drops the connection (after a failure it may be broken); the next use opens a new one. */
    public void reset() {
        connections.resetConnection().block(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
