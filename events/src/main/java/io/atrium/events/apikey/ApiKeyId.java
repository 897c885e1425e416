package io.atrium.events.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.ActorId;
import io.atrium.events.InvalidValueException;
import io.atrium.events.Ulid;
import java.util.regex.Pattern;

/** Identifies an API key: {@code key-} followed by a ULID. It is also the actor id of its caller. */
public record ApiKeyId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("key-" + Ulid.PATTERN);

    @JsonCreator
    public ApiKeyId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("apiKeyId", "'" + value + "' is not an API key id (key-<26 base32 chars>)");
        }
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
