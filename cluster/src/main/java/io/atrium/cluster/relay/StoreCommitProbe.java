package io.atrium.cluster.relay;

import io.atrium.projections.feed.CommitProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link CommitProbe} on the event store's MariaDB/MySQL tables. A locking read of the hole's positions
 * at READ COMMITTED waits on any row a transaction has inserted there and not yet committed (InnoDB
 * holds an implicit lock on it), then sees it if that transaction committed and nothing if it rolled
 * back. So the answer is final: a position it reports missing can no longer appear.
 */
public final class StoreCommitProbe implements CommitProbe {

    /** A command's transaction is rolled back after atrium.commands.timeout-seconds (30); wait no longer. */
    static final int LOCK_WAIT_SECONDS = 35;

    private final DataSource dataSource;

    public StoreCommitProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static long lockWaitTimeout(Connection connection) throws SQLException {
        try (Statement read = connection.createStatement();
                ResultSet value = read.executeQuery("SELECT @@SESSION.innodb_lock_wait_timeout")) {
            value.next();
            return value.getLong(1);
        }
    }

    private static void setLockWaitTimeout(Connection connection, long seconds) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("SET SESSION innodb_lock_wait_timeout = " + seconds);
        }
    }

    @Override
    public Set<Long> committed(long from, long to) {
        Set<Long> found = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            long lockWait = lockWaitTimeout(connection);
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                setLockWaitTimeout(connection, LOCK_WAIT_SECONDS);
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT global_index FROM domain_event_entry WHERE global_index BETWEEN ? AND ? LOCK IN SHARE MODE")) {
                    select.setLong(1, from);
                    select.setLong(2, to);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.add(rows.getLong(1));
                        }
                    }
                }
                connection.commit();
            } finally {
                // The connection goes back to the command side's pool: leave it as it came.
                connection.rollback();
                connection.setAutoCommit(autoCommit);
                connection.setTransactionIsolation(isolation);
                setLockWaitTimeout(connection, lockWait);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not ask the event store about positions " + from + "-" + to, e);
        }
        return found;
    }
}
