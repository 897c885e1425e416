package io.atrium.events.miniprogram;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies a mini-program: {@code mp-} followed by a ULID. */
public record MiniProgramId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("mp-" + Ulid.PATTERN);

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public MiniProgramId {
        Objects.requireNonNull(value, "miniProgramId");
    }

    /** An id from input, checked against today's format. */
    public static MiniProgramId parse(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException(
                    "miniProgramId", "'" + value + "' is not a mini-program id (mp-<26 base32 chars>)");
        }
        return new MiniProgramId(value);
    }

    public static MiniProgramId generate() {
        return new MiniProgramId("mp-" + Ulid.next());
    }

    @Override
    public String toString() {
        return value;
    }
}
