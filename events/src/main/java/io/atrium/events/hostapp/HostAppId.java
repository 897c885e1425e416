package io.atrium.events.hostapp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies a host app: {@code ha-} followed by a ULID. */
public record HostAppId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("ha-" + Ulid.PATTERN);

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public HostAppId {
        Objects.requireNonNull(value, "hostAppId");
    }

    /** An id from input, checked against today's format. */
    public static HostAppId parse(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("hostAppId", "'" + value + "' is not a host app id (ha-<26 base32 chars>)");
        }
        return new HostAppId(value);
    }

    public static HostAppId generate() {
        return new HostAppId("ha-" + Ulid.next());
    }

    @Override
    public String toString() {
        return value;
    }
}
