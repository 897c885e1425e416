package io.atrium.events;

import java.security.SecureRandom;

/**
 * Lexicographically sortable unique identifiers (48-bit millisecond time, 80 random bits) in
 * lower-case Crockford base32, 26 characters. Typed ids use them as their random part so that ids
 * issued later sort later, which keeps database indexes compact.
 */
public final class Ulid {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The pattern a ULID matches, usable inside other patterns. */
    public static final String PATTERN = "[0-9a-hjkmnp-tv-z]{26}";

    private Ulid() {}

    /** A new ULID for the current instant. */
    public static String next() {
        long time = System.currentTimeMillis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits as 16 base32 characters.
        long hi = ((random[0] & 0xffL) << 32)
                | ((random[1] & 0xffL) << 24)
                | ((random[2] & 0xffL) << 16)
                | ((random[3] & 0xffL) << 8)
                | (random[4] & 0xffL);
        long lo = ((random[5] & 0xffL) << 32)
                | ((random[6] & 0xffL) << 24)
                | ((random[7] & 0xffL) << 16)
                | ((random[8] & 0xffL) << 8)
                | (random[9] & 0xffL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
