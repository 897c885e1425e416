package io.atrium.events.miniprogram;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one gray release. It seeds the stable percentage bucket, so a user's bucket stays the
 * same while rules of that release change, and is drawn afresh for the next gray release.
 */
public record GrayReleaseId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("gr-" + Ulid.PATTERN);

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public GrayReleaseId {
        Objects.requireNonNull(value, "grayReleaseId");
    }

    /** An id from input, checked against today's format. */
    public static GrayReleaseId parse(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("grayReleaseId", "'" + value + "' is not a gray release id");
        }
        return new GrayReleaseId(value);
    }

    public static GrayReleaseId generate() {
        return new GrayReleaseId("gr-" + Ulid.next());
    }

    @Override
    public String toString() {
        return value;
    }
}
