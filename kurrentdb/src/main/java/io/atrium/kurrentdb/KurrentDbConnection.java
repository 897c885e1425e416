package io.atrium.kurrentdb;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBClientSettings;
import io.kurrent.dbclient.KurrentDBConnectionString;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client, kept alive. The official client reconnects by itself, but after a bounded number of failed
 * attempts ({@code maxDiscoverAttempts} x {@code discoveryInterval} in the connection string) it shuts
 * down for good and every later call fails. A store that comes back after a longer outage must be
 * usable again without restarting Atrium, so a client found shut down is replaced by a new one.
 */
public final class KurrentDbConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KurrentDbConnection.class);

    private final KurrentDBClientSettings settings;
    private volatile KurrentDBClient client;
    private volatile boolean closed;

    /** A connection from a connection string such as {@code kurrentdb://127.0.0.1:2113?tls=false}. */
    public static KurrentDbConnection to(String connectionString) {
        return new KurrentDbConnection(KurrentDBConnectionString.parseOrThrow(connectionString));
    }

    public KurrentDbConnection(KurrentDBClientSettings settings) {
        this.settings = settings;
        this.client = KurrentDBClient.create(settings);
    }

    /** The live client; a new one when the last gave up reconnecting. */
    public KurrentDBClient client() {
        KurrentDBClient current = client;
        if (!current.isShutdown() || closed) {
            return current;
        }
        synchronized (this) {
            if (client.isShutdown() && !closed) {
                LOG.warn("The KurrentDB client gave up reconnecting; starting a new one");
                client = KurrentDBClient.create(settings);
            }
            return client;
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        client.shutdown().get(10, TimeUnit.SECONDS);
    }
}
