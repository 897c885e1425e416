package io.atrium.events.gray;

import java.util.Map;

/**
 * What a host app reports of a user when it asks which version to run. Any field may be null
 * (unknown); a rule on an unknown attribute does not match.
 */
public record UserAttributes(String userId, String deviceType, String osVersion, String network, String hostAppVersion,
                             String region, Map<String, String> tags) {

    public UserAttributes {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static UserAttributes ofUser(String userId) {
        return new UserAttributes(userId, null, null, null, null, null, Map.of());
    }

    String get(Attribute attribute, String tagName) {
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
