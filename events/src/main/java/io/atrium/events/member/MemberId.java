package io.atrium.events.member;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies a member: {@code mem-} followed by a ULID. It is also the actor id of the member's changes. */
public record MemberId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("mem-" + Ulid.PATTERN);

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public MemberId {
        Objects.requireNonNull(value, "memberId");
    }

    /** An id from input, checked against today's format. */
    public static MemberId parse(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("memberId", "'" + value + "' is not a member id (mem-<26 base32 chars>)");
        }
        return new MemberId(value);
    }

    public static MemberId generate() {
        return new MemberId("mem-" + Ulid.next());
    }

    public ActorId asActor() {
        return new ActorId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
