package io.atrium.events.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.Ulid;
import java.util.Objects;

/** Identifies one security-log record (its own one-event stream): {@code sr-} followed by a ULID. */
public record SecurityRecordId(@JsonValue String value) {

    /** Wraps an id as it was stored; reading history never re-checks today's format. */
    @JsonCreator
    public SecurityRecordId {
        Objects.requireNonNull(value, "recordId");
    }

    public static SecurityRecordId generate() {
        return new SecurityRecordId("sr-" + Ulid.next());
    }

    @Override
    public String toString() {
        return value;
    }
}
