package io.atrium.events.gray;

import java.nio.charset.StandardCharsets;

/**
 * The user's percentage bucket, 0..9999: {@code murmur3_32(utf8(releaseId + ":" + userId), seed 0)}
 * read as unsigned, modulo 10000. Stable for a given user and gray release, uniform across users,
 * and simple enough for any SDK to reproduce. A percentage rule with value {@code p} admits the
 * users whose bucket is below {@code p × 100}.
 */
public final class StableBucket {

    public static final int BUCKETS = 10_000;

    private StableBucket() {}

    public static int of(String releaseId, String userId) {
        byte[] data = (releaseId + ":" + userId).getBytes(StandardCharsets.UTF_8);
        return (int) (Integer.toUnsignedLong(murmur3(data)) % BUCKETS);
    }

    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[i * 4] & 0xff)
                    | (data[i * 4 + 1] & 0xff) << 8
                    | (data[i * 4 + 2] & 0xff) << 16
                    | (data[i * 4 + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[tail] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
