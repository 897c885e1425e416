package io.atrium.events.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies an API key: {@code key-} followed by a ULID. It is also the actor id of its caller. */
public record ApiKeyId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("key-" + Ulid.PATTERN);

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public ApiKeyId {
        Objects.requireNonNull(value, "apiKeyId");
    }

    /** An id from input, checked against today's format. */
    public static ApiKeyId parse(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("apiKeyId", "'" + value + "' is not an API key id (key-<26 base32 chars>)");
        }
        return new ApiKeyId(value);
    }

    public static ApiKeyId generate() {
        return new ApiKeyId("key-" + Ulid.next());
    }

    public ActorId asActor() {
        return new ActorId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
