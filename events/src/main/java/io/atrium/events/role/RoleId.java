package io.atrium.events.role;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.Ulid;
import java.util.Objects;

/**
 * Identifies one custom role's stream: {@code role-} followed by a ULID. A role is addressed by its
 * name in the API; the id keeps a role deleted and later defined again under the same name two
 * separate histories.
 */
public record RoleId(@JsonValue String value) {

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public RoleId {
        Objects.requireNonNull(value, "roleId");
    }

    public static RoleId generate() {
        return new RoleId("role-" + Ulid.next());
    }

    @Override
    public String toString() {
        return value;
    }
}
