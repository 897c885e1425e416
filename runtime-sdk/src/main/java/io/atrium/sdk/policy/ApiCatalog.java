package io.atrium.sdk.policy;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which API group each built-in API belongs to. APIs that live wholly inside the sandbox
 * ({@code nextTick}, {@code canIUse}, {@code getUpdateManager}, {@code reportAnalytics}, timers)
 * reach nothing and are not listed.
 */
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
            Map.entry("showActionSheet", "ui"),
            Map.entry("setNavigationBarColor", "ui"),
            Map.entry("showNavigationBarLoading", "ui"),
            Map.entry("hideNavigationBarLoading", "ui"),
            Map.entry("setTabBarBadge", "ui"),
            Map.entry("removeTabBarBadge", "ui"),
            Map.entry("showTabBarRedDot", "ui"),
            Map.entry("hideTabBarRedDot", "ui"),
            Map.entry("setTabBarItem", "ui"),
            Map.entry("showTabBar", "ui"),
            Map.entry("hideTabBar", "ui"),
            Map.entry("startPullDownRefresh", "ui"),
            Map.entry("stopPullDownRefresh", "ui"),
            Map.entry("pageScrollTo", "ui"),
            Map.entry("switchTab", "navigation"),
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
            Map.entry("getWindowInfo", "device"),
            Map.entry("getAppBaseInfo", "device"),
            Map.entry("getDeviceInfo", "device"),
            Map.entry("getMenuButtonBoundingClientRect", "device"),
            Map.entry("getNetworkType", "device"),
            // The clipboard is the user's, shared with every app on the device: a group of its own,
            // so granting device facts does not grant reading what the user copied elsewhere.
            Map.entry("setClipboardData", "clipboard"),
            Map.entry("getClipboardData", "clipboard"),
            Map.entry("vibrateShort", "device"),
            Map.entry("vibrateLong", "device"),
            Map.entry("login", "auth"),
            Map.entry("checkSession", "auth"),
            Map.entry("authorize", "auth"),
            Map.entry("getSetting", "auth"),
            Map.entry("getUserInfo", "auth"),
            Map.entry("getUserProfile", "auth"),
            Map.entry("invokeHostApi", ALWAYS),
            // What the mini-program already knows of itself: how it was launched, its own id, its view.
            Map.entry("getLaunchOptionsSync", ALWAYS),
            Map.entry("getEnterOptionsSync", ALWAYS),
            Map.entry("getAccountInfoSync", ALWAYS),
            Map.entry("createSelectorQuery", ALWAYS),
            Map.entry("selectComponents", ALWAYS));

    private ApiCatalog() {}

    /** The API's group, {@link #ALWAYS}, or null for an API the runtime does not have. */
    public static @Nullable String groupOf(String api) {
        return GROUPS.get(api);
    }
}
