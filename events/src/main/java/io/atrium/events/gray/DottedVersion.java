package io.atrium.events.gray;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A loosely formatted version as devices report them ({@code 17}, {@code 17.2.1}, {@code 8.0.3-beta}):
 * up to six numeric parts, then an optional suffix. Missing parts count as 0; a suffix sorts before
 * no suffix, as in semantic versioning.
 */
record DottedVersion(long[] parts, String suffix) implements Comparable<DottedVersion> {

    static @Nullable DottedVersion parse(@Nullable String text) {
        if (text == null || text.isEmpty() || text.length() > 64 || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        int end = 0;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        String numeric = text.substring(0, end);
        if (numeric.endsWith(".") || numeric.contains("..")) {
            return null;
        }
        String[] pieces = numeric.split("\\.");
        if (pieces.length > 6) {
            return null;
        }
        long[] parts = new long[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i].length() > 9) {
                return null;
            }
            parts[i] = Long.parseLong(pieces[i]);
        }
        String suffix = text.substring(end);
        if (!suffix.isEmpty() && suffix.charAt(0) != '-' && suffix.charAt(0) != '+') {
            return null;
        }
        return new DottedVersion(parts, suffix.startsWith("+") ? "" : suffix);
    }

    @Override
    public int compareTo(DottedVersion other) {
        int n = Math.max(parts.length, other.parts.length);
        for (int i = 0; i < n; i++) {
            long a = i < parts.length ? parts[i] : 0;
            long b = i < other.parts.length ? other.parts[i] : 0;
            if (a != b) {
                return Long.compare(a, b);
            }
        }
        if (suffix.isEmpty() || other.suffix.isEmpty()) {
            return suffix.isEmpty() ? (other.suffix.isEmpty() ? 0 : 1) : -1;
        }
        return suffix.compareTo(other.suffix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DottedVersion d && compareTo(d) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts) ^ suffix.hashCode();
    }
}
