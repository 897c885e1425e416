package io.atrium.events.miniprogram;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.regex.Pattern;

/** Identifies a mini-program: {@code mp-} followed by a ULID. */
public record MiniProgramId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("mp-" + Ulid.PATTERN);

    @JsonCreator
    public MiniProgramId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("miniProgramId", "'" + value + "' is not a mini-program id (mp-<26 base32 chars>)");
        }
    }

    public static MiniProgramId generate() {
        return new MiniProgramId("mp-" + Ulid.next());
    }

    @Override
    public String toString() {
        return value;
    }
}
