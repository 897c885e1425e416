package io.atrium.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Latencies in microseconds, one growable array per thread, merged at the end. */
final class Latencies {

    private long[] values = new long[1 << 14];
    private int size;

    // Synchronized because a run that discards a window clears the array from another thread than
    // the client's; uncontended, the lock costs the client nanoseconds and the server nothing.
    synchronized void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    synchronized int size() {
        return size;
    }

    /** Forgets what was recorded (a discarded window's latencies). */
    synchronized void clear() {
        size = 0;
    }

    static long[] merged(Iterable<Latencies> all) {
        List<long[]> copies = new ArrayList<>();
        int total = 0;
        for (Latencies l : all) {
            long[] copy = l.copy();
            copies.add(copy);
            total += copy.length;
        }
        long[] out = new long[total];
        int at = 0;
        for (long[] copy : copies) {
            System.arraycopy(copy, 0, out, at, copy.length);
            at += copy.length;
        }
        Arrays.sort(out);
        return out;
    }

    private synchronized long[] copy() {
        return Arrays.copyOf(values, size);
    }

    static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
