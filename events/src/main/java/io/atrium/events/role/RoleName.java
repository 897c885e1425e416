package io.atrium.events.role;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import io.atrium.events.apikey.Role;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A custom role's name, unique within its tenant: 2-40 characters, lower-case letters, digits and
 * hyphens, starting with a letter ({@code release-manager}). It is what keys and members hold, so it
 * may not be the name of a built-in role.
 */
public record RoleName(@JsonValue String value) {

    public static final int MAX_LENGTH = 40;
    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{1," + (MAX_LENGTH - 1) + "}");

    /** Wraps a name as it was stored; reading history never re-checks today's rules. */
    @JsonCreator
    public RoleName {
        Objects.requireNonNull(value, "name");
    }

    /** A name from input, checked against today's rules. */
    public static RoleName parse(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidValueException(
                    "name",
                    "'" + value + "' is not a role name (2-" + MAX_LENGTH
                            + " characters: a-z, 0-9 and '-', starting with a letter)");
        }
        if (isBuiltIn(value)) {
            throw new InvalidValueException("name", "'" + value + "' is a built-in role");
        }
        return new RoleName(value);
    }

    /** Whether {@code name} is the wire name of a built-in role (these are predefined and read-only). */
    public static boolean isBuiltIn(String name) {
        return Arrays.stream(Role.values()).anyMatch(r -> r.wireName().equals(name));
    }

    @Override
    public String toString() {
        return value;
    }
}
