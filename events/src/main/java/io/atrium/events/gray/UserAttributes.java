package io.atrium.events.gray;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a host app reports of a user when it asks which version to run. Any field may be null
 * (unknown); a rule on an unknown attribute does not match.
 */
public record UserAttributes(
        @Nullable String userId,
        @Nullable String deviceType,
        @Nullable String osVersion,
        @Nullable String network,
        @Nullable String hostAppVersion,
        @Nullable String region,
        Map<String, String> tags) {

    public UserAttributes {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static UserAttributes ofUser(String userId) {
        return new UserAttributes(userId, null, null, null, null, null, Map.of());
    }

    @Nullable
    String get(Attribute attribute, @Nullable String tagName) {
        return switch (attribute) {
            case USER_ID -> userId;
            case DEVICE_TYPE -> deviceType;
            case OS_VERSION -> osVersion;
            case NETWORK -> network;
            case HOST_APP_VERSION -> hostAppVersion;
            case REGION -> region;
            case TAG -> tags.get(tagName);
        };
    }
}
