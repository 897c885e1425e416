package io.atrium.events.miniprogram;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mini-program version, semantic-versioning style: {@code MAJOR.MINOR.PATCH} with an optional
 * {@code -pre.release} suffix. Ordered as semantic versions are (a pre-release sorts before its
 * release).
 */
public record VersionNumber(@JsonValue String value) implements Comparable<VersionNumber> {

    private static final Pattern FORMAT =
            Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    @JsonCreator
    public VersionNumber {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("version", "version is required");
        }
        if (value.length() > 64 || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("version", "version '" + value + "' is not MAJOR.MINOR.PATCH[-pre]");
        }
    }

    public static VersionNumber of(String value) {
        return new VersionNumber(value);
    }

    @Override
    public int compareTo(VersionNumber other) {
        Matcher a = FORMAT.matcher(value);
        Matcher b = FORMAT.matcher(other.value);
        a.matches();
        b.matches();
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
