package io.atrium.events.gray;

import io.atrium.events.InvalidValueException;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The user attributes rules may read, and what kind of value each holds. */
enum Attribute {
    USER_ID("userId", Kind.STRING),
    DEVICE_TYPE("deviceType", Kind.STRING),
    OS_VERSION("osVersion", Kind.VERSION),
    NETWORK("network", Kind.STRING),
    HOST_APP_VERSION("hostAppVersion", Kind.VERSION),
    REGION("region", Kind.STRING),
    /** {@code tags.<name>}: free-form; the operator and value decide how it compares. */
    TAG("tags.*", Kind.TAG);

    enum Kind {
        STRING,
        VERSION,
        TAG
    }

    static final Pattern TAG_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Map<String, Attribute> BY_NAME = Map.of(
            "userId",
            USER_ID,
            "deviceType",
            DEVICE_TYPE,
            "osVersion",
            OS_VERSION,
            "network",
            NETWORK,
            "hostAppVersion",
            HOST_APP_VERSION,
            "region",
            REGION);

    final String wireName;
    final Kind kind;

    Attribute(String wireName, Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    static Attribute parse(@Nullable String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("attribute", "attribute is required");
        }
        if (name.startsWith("tags.")) {
            if (!TAG_NAME.matcher(name.substring(5)).matches()) {
                throw new InvalidValueException(
                        "attribute", "tag name in '" + name + "' must be 1-32 letters, digits, '_' or '-'");
            }
            return TAG;
        }
        Attribute attribute = BY_NAME.get(name);
        if (attribute == null) {
            throw new InvalidValueException(
                    "attribute",
                    "'" + name
                            + "' is not an attribute (userId, deviceType, osVersion, network, hostAppVersion, region, tags.<name>)");
        }
        return attribute;
    }
}
