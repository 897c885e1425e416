package io.atrium.command.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks, one chosen per key by hash. Commands on one aggregate take the same lock and
 * hold it until their transaction has committed, so the next command on that aggregate always reads
 * what the previous one wrote. (Different aggregates may share a stripe; that only serializes them.)
 */
final class StripedLocks {

    private final ReentrantLock[] stripes;

    StripedLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % stripes.length];
    }

    /** Takes the lock for {@code key}; false when it could not within the timeout. */
    boolean tryLock(ReentrantLock lock, long timeoutMillis) throws InterruptedException {
        return lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
