package io.atrium.events.miniprogram;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mini-program version, semantic-versioning style: {@code MAJOR.MINOR.PATCH} with an optional
 * {@code -pre.release} suffix. Ordered as semantic versions are (a pre-release sorts before its
 * release).
 */
public record VersionNumber(@JsonValue String value) implements Comparable<VersionNumber> {

    private static final Pattern FORMAT = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    /** Wraps a version as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public VersionNumber {
        Objects.requireNonNull(value, "version");
    }

    /** A version the platform already accepted (a stored one); not checked again. */
    public static VersionNumber of(String value) {
        return new VersionNumber(value);
    }

    /** A version from input, checked against today's format. */
    public static VersionNumber parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("version", "version is required");
        }
        if (value.length() > 64 || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("version", "version '" + value + "' is not MAJOR.MINOR.PATCH[-pre]");
        }
        return new VersionNumber(value);
    }

    @Override
    public int compareTo(VersionNumber other) {
        Matcher a = FORMAT.matcher(value);
        Matcher b = FORMAT.matcher(other.value);
        if (!a.matches() || !b.matches()) {
            // A stored version from before today's format: order it as text rather than fail to read history.
            return value.compareTo(other.value);
        }
        for (int i = 1; i <= 3; i++) {
            int c = Long.compare(Long.parseLong(a.group(i)), Long.parseLong(b.group(i)));
            if (c != 0) {
                return c;
            }
        }
        String preA = a.group(4);
        String preB = b.group(4);
        if (preA == null || preB == null) {
            return preA == null ? (preB == null ? 0 : 1) : -1;
        }
        return preA.compareTo(preB);
    }

    @Override
    public String toString() {
        return value;
    }
}
