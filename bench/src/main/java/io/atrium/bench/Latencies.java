package io.atrium.bench;

import java.util.Arrays;

/** Latencies in microseconds, one growable array per thread, merged at the end. */
final class Latencies {

    private long[] values = new long[1 << 14];
    private int size;

    void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    int size() {
        return size;
    }

    static long[] merged(Iterable<Latencies> all) {
        int total = 0;
        for (Latencies l : all) {
            total += l.size;
        }
        long[] out = new long[total];
        int at = 0;
        for (Latencies l : all) {
            System.arraycopy(l.values, 0, out, at, l.size);
            at += l.size;
        }
        Arrays.sort(out);
        return out;
    }

    static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
