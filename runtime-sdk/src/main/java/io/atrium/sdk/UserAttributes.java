package io.atrium.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who runs a mini-program, as the platform's gray rules read it. Every field but {@code userId}
 * may be null.
 *
 * @param userId         the host's id of the user (the stable percentage bucket hashes it)
 * @param deviceType     e.g. {@code ios}, {@code android}, {@code desktop}, {@code web}
 * @param osVersion      e.g. {@code 17.4}
 * @param network        e.g. {@code wifi}, {@code 5g}
 * @param hostAppVersion the host app's own version
 * @param region         e.g. {@code CN-SH}
 * @param tags           free-form attributes gray rules may test
 */
public record UserAttributes(
        String userId,
        @Nullable String deviceType,
        @Nullable String osVersion,
        @Nullable String network,
        @Nullable String hostAppVersion,
        @Nullable String region,
        Map<String, String> tags) {

    public UserAttributes {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId is required");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A user known only by id. */
    public static UserAttributes of(String userId) {
        return new UserAttributes(userId, null, null, null, null, null, Map.of());
    }

    /** The {@code user} object of a manifest request. */
    public Map<String, Object> toRequest() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        put(out, "deviceType", deviceType);
        put(out, "osVersion", osVersion);
        put(out, "network", network);
        put(out, "hostAppVersion", hostAppVersion);
        put(out, "region", region);
        out.put("tags", tags);
        return out;
    }

    private static void put(Map<String, Object> out, String key, @Nullable String value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
