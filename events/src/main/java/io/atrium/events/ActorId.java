package io.atrium.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who did something: an API key id ({@code key-...}), a user, or {@code system} for what the
 * platform does by itself (the bootstrap key, for instance).
 */
public record ActorId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    /** The platform itself. */
    public static final ActorId SYSTEM = new ActorId("system");

    /** Wraps an actor id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public ActorId {
        Objects.requireNonNull(value, "actor");
    }

    /** An actor id from input, checked against today's format. */
    public static ActorId parse(String value) {
        return new ActorId(InvalidValueException.require("actor", value, FORMAT, "an actor id"));
    }

    @Override
    public String toString() {
        return value;
    }
}
