package io.atrium.query.sdk;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nonces seen within the signing window, kept compactly: a 64-bit hash per nonce in open-addressed
 * {@code long[]} tables, one table per minute of the request's own (signed) timestamp. A replay
 * carries the same timestamp, so it meets its first use in the same table; a table is dropped once
 * its minute is older than the window, because such a timestamp is refused as stale anyway.
 *
 * <p>Why not a cache of strings: at tens of thousands of manifests a second, every nonce survives
 * young collections as objects to copy, and the pauses that made were the manifest's p99. Here the
 * nonces live in a few large arrays the collector does not copy. A hash collision can only refuse a
 * fresh request as a replay (odds about n²/2⁶⁵ for n nonces in one minute), never accept a replay.
 */
final class NonceLedger {

    private final Clock clock;
    private final long windowSeconds;
    private final Map<Long, LongSet> minutes = new ConcurrentHashMap<>();
    private volatile long swept;

    NonceLedger(Clock clock, Duration window) {
        this.clock = clock;
        this.windowSeconds = window.toSeconds();
    }

    /** Records the nonce; answers false when the host app used it before with this timestamp. */
    boolean firstUse(String hostAppId, String nonce, long timestampSeconds) {
        sweep();
        long minute = Math.floorDiv(timestampSeconds, 60);
        LongSet set = minutes.computeIfAbsent(minute, m -> new LongSet());
        return set.add(hash(hostAppId, nonce));
    }

    /** How many nonces are held (for tests and metrics). */
    long size() {
        return minutes.values().stream().mapToLong(LongSet::size).sum();
    }

    private void sweep() {
        long now = clock.instant().getEpochSecond();
        if (now - swept < 10) {
            return;
        }
        swept = now;
        long oldest = Math.floorDiv(now - windowSeconds, 60) - 1;
        minutes.keySet().removeIf(minute -> minute < oldest);
    }

    /** FNV-1a over the characters, then MurmurHash3's finalizer; never 0 (0 marks an empty slot). */
    static long hash(String hostAppId, String nonce) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, hostAppId);
        h = (h ^ ':') * 0x100000001b3L;
        h = mix(h, nonce);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** An open-addressed set of non-zero longs, linear probing, at most half full. */
    static final class LongSet {
        private long[] slots = new long[1 << 12];
        private int size;

        synchronized boolean add(long value) {
            int mask = slots.length - 1;
            int i = (int) (value ^ (value >>> 32)) & mask;
            while (slots[i] != 0) {
                if (slots[i] == value) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = value;
            if (++size * 2 > slots.length) {
                grow();
            }
            return true;
        }

        synchronized int size() {
            return size;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long value : old) {
                if (value != 0) {
                    int i = (int) (value ^ (value >>> 32)) & mask;
                    while (slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = value;
                }
            }
        }
    }
}
