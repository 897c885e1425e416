package io.atrium.cluster.relay;

import io.atrium.projections.feed.FeedPosition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which command node runs the relay of a topic, and how far it has published, in the event store's
 * database ({@code event_relay}).
 * <p>
 * The lease needs no synchronised clocks: the holder bumps {@code heartbeat} every third of the lease
 * time; a node that wants the relay watches the row on its own monotonic clock and, once it has seen
 * the same holder and heartbeat for the whole lease time, takes it with a compare-and-set on exactly
 * what it saw. Two nodes cannot both win the set; a holder that was paused and comes back finds the
 * row changed and stops. Saving the checkpoint is conditional on still holding the lease, so a node
 * that lost it can publish a few records twice (consumers skip them) but never move the checkpoint.
 */
public final class RelayLease {

    private final JdbcTemplate jdbc;
    private final String name;
    private final String node;
    private final Duration leaseTime;

    private String seenHolder = "";
    private long seenHeartbeat = -1;
    private long seenSince;

    /**
     * @param node names this process in the row: the node id and an incarnation of this process, so a
     *     second process started with the same node id (a restart while the old one still runs, paused)
     *     is another holder, never the same one
     */
    public RelayLease(JdbcTemplate jdbc, String name, String node, Duration leaseTime) {
        this.jdbc = jdbc;
        this.name = name;
        this.node = node;
        this.leaseTime = leaseTime;
    }

    public String node() {
        return node;
    }

    public Duration leaseTime() {
        return leaseTime;
    }

    /** The row as it stands. */
    public State read() {
        List<State> rows = jdbc.query(
                "SELECT holder, heartbeat, token, last_published, published FROM event_relay WHERE name = ?",
                (rs, i) -> new State(
                        rs.getString(1),
                        rs.getLong(2),
                        FeedPosition.parse(rs.getString(3)),
                        rs.getLong(4),
                        rs.getLong(5)),
                name);
        if (!rows.isEmpty()) {
            return rows.get(0);
        }
        try {
            jdbc.update(
                    "INSERT INTO event_relay (name, holder, heartbeat, token, last_published, published) VALUES (?, '', 0, '-1', -1, 0)",
                    name);
        } catch (DuplicateKeyException raced) {
            // Another node created it first: fine, read theirs.
        }
        return read();
    }

    /**
     * Tries to become (or stay) the holder. Returns the row when this node holds the lease, empty while
     * another live node holds it.
     */
    public Optional<State> tryAcquire() {
        State state = read();
        if (state.holder().equals(node)) {
            // This process holds it already.
            return Optional.of(state);
        }
        long now = System.nanoTime();
        if (!state.holder().equals(seenHolder) || state.heartbeat() != seenHeartbeat) {
            seenHolder = state.holder();
            seenHeartbeat = state.heartbeat();
            seenSince = now;
            if (!state.holder().isEmpty()) {
                return Optional.empty();
            }
        }
        boolean free = state.holder().isEmpty() || now - seenSince >= leaseTime.toNanos();
        if (!free) {
            return Optional.empty();
        }
        int won = jdbc.update(
                "UPDATE event_relay SET holder = ?, heartbeat = heartbeat + 1 WHERE name = ? AND holder = ? AND heartbeat = ?",
                node,
                name,
                state.holder(),
                state.heartbeat());
        return won == 1 ? Optional.of(read()) : Optional.empty();
    }

    /** Bumps the heartbeat; false when this node no longer holds the lease. */
    public boolean renew() {
        return jdbc.update("UPDATE event_relay SET heartbeat = heartbeat + 1 WHERE name = ? AND holder = ?", name, node)
                == 1;
    }

    /** Records what has been published; false (and nothing saved) when this node no longer holds the lease. */
    public boolean save(FeedPosition position, long lastPublished, long count) {
        return jdbc.update(
                        "UPDATE event_relay SET token = ?, last_published = ?, published = published + ? WHERE name = ? AND holder = ?",
                        position.format(),
                        lastPublished,
                        count,
                        name,
                        node)
                == 1;
    }

    /** Gives the lease up (a clean stop), so another node takes over at once instead of after the lease time. */
    public void release() {
        jdbc.update(
                "UPDATE event_relay SET holder = '', heartbeat = heartbeat + 1 WHERE name = ? AND holder = ?",
                name,
                node);
    }

    /**
     * @param holder        the node id holding the relay ({@code ""}: nobody)
     * @param heartbeat     bumped by the holder while it lives
     * @param position      the store position published up to (a checkpoint, with its gaps)
     * @param lastPublished the position of the last record published (the next record's {@code prev})
     * @param published     records published so far, over all holders
     */
    public record State(String holder, long heartbeat, FeedPosition position, long lastPublished, long published) {}
}
