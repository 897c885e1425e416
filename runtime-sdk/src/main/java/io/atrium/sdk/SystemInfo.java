package io.atrium.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code wx.getSystemInfoSync} answers by default, and the parts of it WeChat's newer
 * APIs ({@code getWindowInfo}, {@code getAppBaseInfo}, {@code getDeviceInfo}) and
 * {@code getMenuButtonBoundingClientRect} answer. A host overrides any field with
 * {@link AtriumRuntime.Builder#systemInfo}; the derived answers follow its values.
 */
final class SystemInfo {

    /**
     * The base library version mini-programs compare against ({@code compareVersion(SDKVersion,
     * '2.x')} decides whether a page shows "please upgrade"): the level whose APIs Atrium covers.
     */
    static final String SDK_VERSION = "3.0.0";

    private static final List<String> WINDOW = List.of(
            "pixelRatio",
            "screenWidth",
            "screenHeight",
            "windowWidth",
            "windowHeight",
            "statusBarHeight",
            "safeArea",
            "screenTop");
    private static final List<String> APP_BASE =
            List.of("SDKVersion", "enableDebug", "host", "language", "version", "theme", "fontSizeSetting");
    private static final List<String> DEVICE = List.of("abi", "benchmarkLevel", "brand", "model", "platform", "system");

    private SystemInfo() {}

    /** The defaults, before a host's own fields. */
    static Map<String, Object> defaults() {
        int width = 375;
        int height = 667;
        int statusBar = 20;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("brand", "atrium");
        info.put("model", "atrium");
        info.put("system", "atrium");
        info.put("platform", "atrium");
        info.put("version", "8.0.0");
        info.put("SDKVersion", SDK_VERSION);
        info.put("language", "en");
        info.put("theme", "light");
        info.put("fontSizeSetting", 16);
        info.put("pixelRatio", 2);
        info.put("screenWidth", width);
        info.put("screenHeight", height);
        info.put("windowWidth", width);
        info.put("windowHeight", height);
        info.put("statusBarHeight", statusBar);
        info.put("screenTop", 0);
        info.put("safeArea", safeArea(width, height, statusBar));
        info.put("enableDebug", false);
        info.put("benchmarkLevel", 1);
        info.put("abi", "");
        info.put("host", Map.of("appId", ""));
        return info;
    }

    static Map<String, Object> safeArea(int width, int height, int top) {
        return Map.of("left", 0, "right", width, "top", top, "bottom", height, "width", width, "height", height - top);
    }

    static Map<String, Object> window(Map<String, Object> info) {
        return pick(info, WINDOW);
    }

    static Map<String, Object> appBase(Map<String, Object> info) {
        return pick(info, APP_BASE);
    }

    static Map<String, Object> device(Map<String, Object> info) {
        return pick(info, DEVICE);
    }

    /**
     * The capsule (the "..." and close buttons) WeChat draws at the top right, where a page with a
     * custom navigation bar must leave room: 87 x 32 px, 7 px from the right edge, 4 px below the
     * status bar. A host that draws no capsule still answers it, so such layouts come out as they do in WeChat.
     */
    static Map<String, Object> menuButton(Map<String, Object> info) {
        int width = info.get("windowWidth") instanceof Number n ? n.intValue() : 375;
        int statusBar = info.get("statusBarHeight") instanceof Number n ? n.intValue() : 20;
        int right = width - 7;
        int top = statusBar + 4;
        return Map.of("width", 87, "height", 32, "top", top, "bottom", top + 32, "left", right - 87, "right", right);
    }

    private static Map<String, Object> pick(Map<String, Object> info, List<String> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : keys) {
            if (info.containsKey(key)) {
                out.put(key, info.get(key));
            }
        }
        return out;
    }
}
