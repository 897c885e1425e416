package io.atrium.cluster.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.projections.feed.FeedPosition;
import java.time.Duration;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every database the event store runs on must do for the relay lease: one holder at a time,
 * takeover only after the holder has been silent for the whole lease time, and no checkpoint saved by
 * a node that lost the lease. Run against H2 and MariaDB.
 */
abstract class RelayLeaseContract {

    private static final Duration LEASE = Duration.ofMillis(600);

    /** A database with the event store's {@code event_relay} table, empty. */
    abstract JdbcTemplate jdbc();

    private RelayLease lease(String topic, String node) {
        return new RelayLease(jdbc(), topic, node, LEASE);
    }

    @Test
    void theFirstNodeToAskHoldsTheRelayAndTheOtherWaits() {
        RelayLease a = lease("t-first", "a");
        RelayLease b = lease("t-first", "b");

        assertThat(a.tryAcquire()).isPresent();
        assertThat(b.tryAcquire()).isEmpty();
        assertThat(a.read().holder()).isEqualTo("a");
    }

    @Test
    void aStandbyTakesOverOnlyAfterTheHolderIsSilentForTheLeaseTime() throws InterruptedException {
        RelayLease a = lease("t-silent", "a");
        RelayLease b = lease("t-silent", "b");
        assertThat(a.tryAcquire()).isPresent();

        // While a beats, b never gets it, however long it waits.
        long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        long lastBeat = System.nanoTime();
        while (System.nanoTime() < until) {
            assertThat(a.renew()).isTrue();
            lastBeat = System.nanoTime();
            assertThat(b.tryAcquire()).isEmpty();
            Thread.sleep(LEASE.toMillis() / 4);
        }

        // a goes silent: b sees the same heartbeat for the lease time, then wins the compare-and-set.
        while (b.tryAcquire().isEmpty()) {
            Thread.sleep(20);
        }
        assertThat(System.nanoTime() - lastBeat).isGreaterThanOrEqualTo(LEASE.toNanos());
        assertThat(b.read().holder()).isEqualTo("b");
        assertThat(a.renew()).as("the old holder learns it lost the lease").isFalse();
    }

    @Test
    void aNodeThatLostTheLeaseCannotMoveTheCheckpoint() throws InterruptedException {
        RelayLease a = lease("t-fence", "a");
        RelayLease b = lease("t-fence", "b");
        assertThat(a.tryAcquire()).isPresent();
        assertThat(a.save(new FeedPosition(10, new TreeSet<>(java.util.List.of(7L))), 10, 11))
                .isTrue();
        while (b.tryAcquire().isEmpty()) {
            Thread.sleep(20);
        }

        assertThat(a.save(new FeedPosition(99, new TreeSet<>()), 99, 89)).isFalse();

        RelayLease.State state = b.read();
        assertThat(state.position().format()).isEqualTo("10;7");
        assertThat(state.lastPublished()).isEqualTo(10);
        assertThat(state.published()).isEqualTo(11);
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() {
        RelayLease a = lease("t-release", "a");
        RelayLease b = lease("t-release", "b");
        assertThat(a.tryAcquire()).isPresent();
        assertThat(b.tryAcquire()).isEmpty();

        a.release();

        assertThat(b.tryAcquire()).isPresent();
    }

    @Test
    void aNewIncarnationOfANodeWaitsOutTheOldOnesLeaseThenResumesWhereItWas() throws InterruptedException {
        // Two processes with one node id (a restart while the old one still runs, paused) are two holders.
        RelayLease before = lease("t-restart", "a#first");
        assertThat(before.tryAcquire()).isPresent();
        assertThat(before.save(new FeedPosition(41, new TreeSet<>()), 41, 42)).isTrue();
        long lastBeat = System.nanoTime();

        RelayLease after = lease("t-restart", "a#second");
        assertThat(after.tryAcquire()).isEmpty();
        java.util.Optional<RelayLease.State> won = after.tryAcquire();
        while (won.isEmpty()) {
            Thread.sleep(20);
            won = after.tryAcquire();
        }

        assertThat(System.nanoTime() - lastBeat).isGreaterThanOrEqualTo(LEASE.toNanos());
        assertThat(won.get().position().index()).isEqualTo(41);
        assertThat(won.get().lastPublished()).isEqualTo(41);
        assertThat(before.save(new FeedPosition(50, new TreeSet<>()), 50, 9)).isFalse();
    }

    @Test
    void relaysOfDifferentTopicsDoNotShareALease() {
        assertThat(lease("t-one", "a").tryAcquire()).isPresent();
        assertThat(lease("t-two", "b").tryAcquire()).isPresent();
    }
}
