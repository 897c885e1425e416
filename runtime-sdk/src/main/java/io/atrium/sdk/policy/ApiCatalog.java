package io.atrium.sdk.policy;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which API group each built-in API belongs to. */
public final class ApiCatalog {

    /** APIs every mini-program may call (they reach nothing outside it). */
    public static final String ALWAYS = "";

    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("showToast", "ui"),
            Map.entry("hideToast", "ui"),
            Map.entry("showModal", "ui"),
            Map.entry("showLoading", "ui"),
            Map.entry("hideLoading", "ui"),
            Map.entry("setNavigationBarTitle", "ui"),
            Map.entry("navigateTo", "navigation"),
            Map.entry("redirectTo", "navigation"),
            Map.entry("navigateBack", "navigation"),
            Map.entry("reLaunch", "navigation"),
            Map.entry("setStorage", "storage"),
            Map.entry("getStorage", "storage"),
            Map.entry("removeStorage", "storage"),
            Map.entry("clearStorage", "storage"),
            Map.entry("getStorageInfo", "storage"),
            Map.entry("setStorageSync", "storage"),
            Map.entry("getStorageSync", "storage"),
            Map.entry("removeStorageSync", "storage"),
            Map.entry("clearStorageSync", "storage"),
            Map.entry("getStorageInfoSync", "storage"),
            Map.entry("request", "network"),
            Map.entry("getSystemInfo", "device"),
            Map.entry("getSystemInfoSync", "device"),
            Map.entry("login", "auth"),
            Map.entry("authorize", "auth"),
            Map.entry("invokeHostApi", ALWAYS));

    private ApiCatalog() {}

    /** The API's group, {@link #ALWAYS}, or null for an API the runtime does not have. */
    public static @Nullable String groupOf(String api) {
        return GROUPS.get(api);
    }
}
