package io.atrium.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces the operations of all clients at a fixed rate: each takes the next slot of a shared schedule
 * and waits for it. A saturated load measures the server where its cores are full, and there the
 * event loops batch many requests per wake-up; a paced one measures what an operation costs at a rate
 * the server keeps up with, such as the rate a command runs at or a target rate.
 *
 * <p>An operation's latency is measured from its slot, not from when it was sent: a client that was
 * late for its slot (the one before it took too long) counts the wait, so a server that falls behind
 * shows it in its percentiles instead of quietly lowering the offered rate.
 */
final class Pacer {

    private final long intervalNanos;
    private final AtomicLong nextSlot = new AtomicLong();

    /**
     * Until {@link #start}, operations are not paced: the warm-up runs at full load, which trains and
     * settles the JIT as the unpaced figures' warm-up does, and no slot missed during it (the set-up,
     * a pause) is owed to the window as a burst.
     */
    private volatile boolean started;

    private Pacer(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** No pacing: each operation starts as soon as its client is free. */
    static Pacer unpaced() {
        return new Pacer(0);
    }

    /** {@code perSecond} operations a second across every client that shares it. */
    static Pacer at(double perSecond) {
        if (!(perSecond >= 1) || perSecond > 1_000_000) {
            throw new IllegalArgumentException("a rate is at least 1 and at most 1,000,000 a second, not " + perSecond);
        }
        return new Pacer(Math.round(TimeUnit.SECONDS.toNanos(1) / perSecond));
    }

    boolean paced() {
        return intervalNanos > 0;
    }

    /** Starts the schedule now: called as the measured window opens. */
    void start() {
        nextSlot.set(System.nanoTime());
        started = true;
    }

    /** The offered rate a second; 0 when unpaced. */
    double perSecond() {
        return paced() ? TimeUnit.SECONDS.toNanos(1) / (double) intervalNanos : 0;
    }

    /**
     * Waits for the next slot and answers its time ({@link System#nanoTime()} scale), from which the
     * operation's latency is measured. Unpaced, answers now.
     */
    long awaitSlot() {
        if (!paced() || !started) {
            return System.nanoTime();
        }
        long slot = nextSlot.getAndAdd(intervalNanos);
        for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return slot;
    }

    /**
     * Whether a window's achieved rate is the one offered (within 5 % either way). Below it, the server
     * (or the clients) could not keep up, and the window measured a saturated load, not the paced one
     * asked for; above it, the schedule was not what the clients followed.
     */
    boolean keptUp(double achievedPerSecond) {
        return !paced() || Math.abs(achievedPerSecond - perSecond()) <= 0.05 * perSecond();
    }
}
