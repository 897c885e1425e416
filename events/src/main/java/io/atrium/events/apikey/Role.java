package io.atrium.events.apikey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;

/** What an API key may do. A key carries one or more roles. */
public enum Role {
    /** Everything, including issuing owner keys. */
    OWNER,
    /** Everything but issuing owner keys. */
    ADMIN,
    /** Creates mini-programs, uploads and submits versions. */
    DEVELOPER,
    /** Approves or rejects submitted versions. */
    REVIEWER,
    /** Releases, gray-releases, rolls back, delists and relists. */
    OPERATOR,
    /** Reads the operation log. */
    AUDITOR,
    /** Runs the platform above the tenants: creates, suspends and deletes them. Holds no tenant's data rights. */
    PLATFORM_OPERATOR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Role of(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new InvalidValueException(
                                "roles",
                                "'" + name
                                        + "' is not a role (owner, admin, developer, reviewer, operator, auditor, platform-operator)"));
    }
}
