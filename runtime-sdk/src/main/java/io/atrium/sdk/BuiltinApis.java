package io.atrium.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.sdk.logic.ApiFailure;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.policy.Policy;
import io.atrium.sdk.policy.PolicyDenial;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The built-in APIs of {@code ft}/{@code wx}, behind the policy gate: every call is checked against
 * the host's policy first, and a refused call fails to the mini-program with the reason, is told to
 * the host's listener, and never reaches the host's code. Asynchronous results always arrive later
 * through the engine, as WeChat-style {@code success}/{@code fail}/{@code complete} callbacks with
 * an {@code errMsg}.
 */
final class BuiltinApis {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final RunningSession session;
    private final RuntimeConfig config;
    private final Policy policy;
    private final String miniProgramId;
    private final Path storageFile;
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    /** This session's own request dispatcher: one mini-program's slow requests cannot hold another's. */
    private @Nullable Dispatcher dispatcher;

    private @Nullable Storage storage;

    BuiltinApis(RunningSession session, RuntimeConfig config, Policy policy, String miniProgramId, Path storageFile) {
        this.session = session;
        this.config = config;
        this.policy = policy;
        this.miniProgramId = miniProgramId;
        this.storageFile = storageFile;
    }

    // ---- synchronous ----

    /** The call's answer as JSON, or null for an API that answers nothing. */
    @Nullable
    String callSync(String api, String argumentsJson) {
        String refusal = policy.refusesBuiltin(api);
        if (refusal != null) {
            deny(api, refusal);
            throw new ApiFailure(api + ":fail " + refusal);
        }
        List<Object> args = list(argumentsJson);
        try {
            return switch (api) {
                case "setStorageSync" -> {
                    storage().set(key(args), RunningSession.json(args.size() > 1 ? args.get(1) : null));
                    yield null;
                }
                case "getStorageSync" -> {
                    String value = storage().get(key(args));
                    yield value == null ? RunningSession.json("") : value;
                }
                case "removeStorageSync" -> {
                    storage().remove(key(args));
                    yield null;
                }
                case "clearStorageSync" -> {
                    storage().clear();
                    yield null;
                }
                case "getStorageInfoSync" -> RunningSession.json(storage().info());
                case "getSystemInfoSync" -> RunningSession.json(config.systemInfo());
                case "getWindowInfo" -> RunningSession.json(SystemInfo.window(config.systemInfo()));
                case "getAppBaseInfo" -> RunningSession.json(SystemInfo.appBase(config.systemInfo()));
                case "getDeviceInfo" -> RunningSession.json(SystemInfo.device(config.systemInfo()));
                case "getMenuButtonBoundingClientRect" ->
                    RunningSession.json(SystemInfo.menuButton(config.systemInfo()));
                case "getLaunchOptionsSync", "getEnterOptionsSync" -> RunningSession.json(session.launchOptions());
                case "getAccountInfoSync" -> {
                    boolean local = session.version().equals("local");
                    yield RunningSession.json(Map.of(
                            "miniProgram",
                            Map.of(
                                    "appId",
                                    miniProgramId,
                                    "envVersion",
                                    local ? "develop" : "release",
                                    "version",
                                    local ? "" : session.version()),
                            "plugin",
                            Map.of()));
                }
                case "selectComponents" -> RunningSession.json(selectComponents(args));
                default -> throw new ApiFailure(api + " is not a synchronous API");
            };
        } catch (Storage.QuotaExceeded e) {
            session.listener()
                    .onViolation(
                            new SandboxViolation(SandboxViolation.Kind.STORAGE_QUOTA, miniProgramId, e.getMessage()));
            throw new ApiFailure(api + ":fail " + e.getMessage());
        }
    }

    /**
     * The ids of the component instances whose elements match {@code [pageId, within, selector]} in
     * the page's last render: inside the instance {@code within}'s element, or anywhere on the page
     * for -1. Runs on the mini-program's thread, where the rendered tree lives.
     */
    private List<Integer> selectComponents(List<Object> args) {
        int pageId = args.size() > 0 && args.get(0) instanceof Number n ? n.intValue() : -1;
        int within = args.size() > 1 && args.get(1) instanceof Number n ? n.intValue() : -1;
        String selector = args.size() > 2 && args.get(2) != null ? String.valueOf(args.get(2)) : "";
        io.atrium.sdk.view.VNode.Element root = session.renderedRoot(pageId);
        if (root == null || selector.isBlank()) {
            return List.of();
        }
        String marker = io.atrium.sdk.view.FxmlTemplate.COMPONENT_ATTRIBUTE;
        if (within >= 0) {
            io.atrium.sdk.view.VNode.Element own = elementOf(root, marker, Integer.toString(within));
            if (own == null) {
                return List.of();
            }
            root = own;
            // A component's classes are scoped (".x" renders as "ftcN--x", N its scope, the first
            // class of its root): its selectors name them as its template wrote them.
            String scope = own.attributes().getOrDefault("class", "").split(" ")[0];
            if (!scope.isEmpty()) {
                selector = selector.replaceAll("\\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", "." + scope + "--$1");
            }
        }
        List<Integer> ids = new java.util.ArrayList<>();
        for (io.atrium.sdk.view.VNode.Element e : viewQuery(root).select(selector)) {
            String id = e.attributes().get(marker);
            if (id != null) {
                ids.add(Integer.parseInt(id));
            }
        }
        return ids;
    }

    /** Queries over a rendered view, laid out in the window the host's system info gives. */
    private ViewQuery viewQuery(io.atrium.sdk.view.VNode.Element root) {
        return new ViewQuery(
                root,
                number(config.systemInfo(), "windowWidth", 375),
                number(config.systemInfo(), "windowHeight", 667));
    }

    private static io.atrium.sdk.view.VNode.@Nullable Element elementOf(
            io.atrium.sdk.view.VNode.Element element, String attribute, String value) {
        if (value.equals(element.attributes().get(attribute))) {
            return element;
        }
        for (io.atrium.sdk.view.VNode child : element.children()) {
            if (child instanceof io.atrium.sdk.view.VNode.Element e) {
                io.atrium.sdk.view.VNode.Element found = elementOf(e, attribute, value);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    // ---- asynchronous ----

    void callAsync(String api, String optionsJson, int callbackId) {
        String refusal = policy.refusesBuiltin(api);
        if (refusal != null) {
            deny(api, refusal);
            fail(callbackId, api, refusal);
            return;
        }
        Map<String, Object> options;
        try {
            options = RunningSession.parseMap(optionsJson);
        } catch (ApiFailure e) {
            fail(callbackId, api, "the options must be an object");
            return;
        }
        try {
            switch (api) {
                case "showToast" -> {
                    session.ui()
                            .showToast(
                                    miniProgramId,
                                    new HostUi.Toast(
                                            text(options, "title", ""),
                                            text(options, "icon", "success"),
                                            number(options, "duration", 1500)));
                    ok(callbackId, api, Map.of());
                }
                case "hideToast", "hideLoading" -> {
                    session.ui().hideToast(miniProgramId);
                    ok(callbackId, api, Map.of());
                }
                case "showActionSheet" -> showActionSheet(options, callbackId);
                case "setNavigationBarColor" -> {
                    String front = text(options, "frontColor", "#000000").toLowerCase(java.util.Locale.ROOT);
                    if (!front.equals("#ffffff") && !front.equals("#000000")) {
                        fail(callbackId, api, "invalid frontColor \"" + front + "\"");
                    } else {
                        session.ui()
                                .setNavigationBarColor(
                                        miniProgramId,
                                        new HostUi.BarColor(front, text(options, "backgroundColor", "#ffffff")));
                        ok(callbackId, api, Map.of());
                    }
                }
                case "showNavigationBarLoading", "hideNavigationBarLoading" -> {
                    session.ui().setNavigationBarLoading(miniProgramId, api.startsWith("show"));
                    ok(callbackId, api, Map.of());
                }
                case "setTabBarBadge",
                        "removeTabBarBadge",
                        "showTabBarRedDot",
                        "hideTabBarRedDot",
                        "setTabBarItem",
                        "showTabBar",
                        "hideTabBar" -> {
                    session.ui().updateTabBar(miniProgramId, tabBarChange(api, options));
                    ok(callbackId, api, Map.of());
                }
                case "startPullDownRefresh" -> {
                    session.engine().submit((cx, global) -> {
                        session.pullDownRefresh(cx);
                        return null;
                    });
                    ok(callbackId, api, Map.of());
                }
                // Nothing scrolls or pulls in a host's view of the page that the runtime could move.
                case "stopPullDownRefresh", "pageScrollTo" -> ok(callbackId, api, Map.of());
                case "getNetworkType" ->
                    settle(
                            callbackId,
                            api,
                            session.ui().networkType(miniProgramId),
                            type -> Map.of("networkType", type, "signalStrength", 0, "hasSystemProxy", false));
                case "setClipboardData" -> {
                    if (!(options.get("data") instanceof String data)) {
                        fail(callbackId, api, "the data must be a string");
                    } else {
                        settle(callbackId, api, session.ui().setClipboardData(miniProgramId, data), v -> Map.of());
                    }
                }
                case "getClipboardData" ->
                    settle(callbackId, api, session.ui().getClipboardData(miniProgramId), data -> Map.of("data", data));
                case "vibrateShort", "vibrateLong" -> {
                    session.ui().vibrate(miniProgramId, api.equals("vibrateShort") ? "short" : "long");
                    ok(callbackId, api, Map.of());
                }
                case "checkSession" ->
                    session.ui().checkSession(miniProgramId).whenComplete((valid, failure) -> {
                        if (failure == null && Boolean.TRUE.equals(valid)) {
                            ok(callbackId, api, Map.of());
                        } else {
                            fail(callbackId, api, failure == null ? "session expired" : message(failure));
                        }
                    });
                case "getSetting" -> {
                    Map<String, Object> granted = new java.util.TreeMap<>();
                    policy.scopes().forEach(scope -> granted.put("scope." + scope, Boolean.TRUE));
                    ok(callbackId, api, Map.of("authSetting", granted));
                }
                case "getUserInfo", "getUserProfile" -> {
                    // Who the user is needs the userInfo scope, as in WeChat, beside the auth group.
                    String scopeRefusal = policy.refusesScope("userInfo");
                    if (scopeRefusal != null) {
                        deny(api, scopeRefusal);
                        fail(callbackId, api, scopeRefusal);
                    } else {
                        settle(callbackId, api, session.ui().userInfo(miniProgramId), BuiltinApis::userInfo);
                    }
                }
                case "createSelectorQuery" -> selectorQuery(options, callbackId);
                case "showLoading" -> {
                    session.ui().showToast(miniProgramId, new HostUi.Toast(text(options, "title", ""), "loading", 0));
                    ok(callbackId, api, Map.of());
                }
                case "showModal" ->
                    settle(
                            callbackId,
                            api,
                            session.ui()
                                    .showModal(
                                            miniProgramId,
                                            new HostUi.Modal(
                                                    text(options, "title", ""),
                                                    text(options, "content", ""),
                                                    !Boolean.FALSE.equals(options.get("showCancel")),
                                                    text(options, "confirmText", "OK"),
                                                    text(options, "cancelText", "Cancel"))),
                            confirmed -> Map.of("confirm", confirmed, "cancel", !confirmed));
                case "setNavigationBarTitle" -> {
                    String title = text(options, "title", "");
                    session.retitle(title);
                    session.ui().setNavigationBarTitle(miniProgramId, title);
                    ok(callbackId, api, Map.of());
                }
                case "navigateTo", "redirectTo", "reLaunch", "navigateBack", "switchTab" ->
                    navigate(api, options, callbackId);
                case "setStorage" -> {
                    callSync(
                            "setStorageSync",
                            RunningSession.json(java.util.Arrays.asList(options.get("key"), options.get("data"))));
                    ok(callbackId, api, Map.of());
                }
                case "getStorage" -> {
                    String value = storage().get(String.valueOf(options.get("key")));
                    if (value == null) {
                        fail(callbackId, api, "data not found");
                    } else {
                        Map<String, Object> result = new LinkedHashMap<>();
                        result.put("data", RunningSession.JSON.readValue(value, Object.class));
                        ok(callbackId, api, result);
                    }
                }
                case "removeStorage" -> {
                    storage().remove(String.valueOf(options.get("key")));
                    ok(callbackId, api, Map.of());
                }
                case "clearStorage" -> {
                    storage().clear();
                    ok(callbackId, api, Map.of());
                }
                case "getStorageInfo" -> ok(callbackId, api, storage().info());
                case "getSystemInfo" -> ok(callbackId, api, config.systemInfo());
                case "request" -> request(options, callbackId);
                case "login" ->
                    settle(callbackId, api, session.ui().login(miniProgramId), code -> Map.of("code", code));
                case "authorize" -> {
                    String scope = text(options, "scope", "");
                    String scopeRefusal = policy.refusesScope(scope.startsWith("scope.") ? scope.substring(6) : scope);
                    if (scopeRefusal != null) {
                        deny("authorize:" + scope, scopeRefusal);
                        fail(callbackId, api, scopeRefusal);
                    } else {
                        ok(callbackId, api, Map.of());
                    }
                }
                case "invokeHostApi" -> invokeHostApi(options, callbackId);
                default -> fail(callbackId, api, "not an API of this runtime");
            }
        } catch (ApiFailure e) {
            fail(callbackId, api, e.getMessage());
        } catch (JsonProcessingException e) {
            fail(callbackId, api, "stored data does not parse");
        }
    }

    private void navigate(String api, Map<String, Object> options, int callbackId) {
        String url = api.equals("navigateBack") ? null : text(options, "url", "");
        int delta = (int) number(options, "delta", 1);
        if (url != null) {
            session.resolve(url); // fails now, to the caller, for a page that does not exist
        }
        // Navigation runs after the current callback, on the mini-program's thread, as WeChat's does.
        session.engine().submit((cx, global) -> {
            try {
                session.navigate(cx, api, url, delta);
            } catch (ApiFailure e) {
                fail(callbackId, api, e.getMessage());
                return null;
            }
            ok(callbackId, api, Map.of());
            return null;
        });
    }

    private void showActionSheet(Map<String, Object> options, int callbackId) {
        String api = "showActionSheet";
        if (!(options.get("itemList") instanceof List<?> items) || items.isEmpty() || items.size() > 6) {
            fail(callbackId, api, "itemList must hold 1 to 6 items");
            return;
        }
        HostUi.ActionSheet sheet = new HostUi.ActionSheet(
                items.stream().map(String::valueOf).toList(), text(options, "itemColor", "#000000"));
        session.ui().showActionSheet(miniProgramId, sheet).whenComplete((index, failure) -> {
            if (failure != null) {
                fail(callbackId, api, message(failure));
            } else if (index == null || index < 0 || index >= items.size()) {
                fail(callbackId, api, "cancel");
            } else {
                ok(callbackId, api, Map.of("tapIndex", index));
            }
        });
    }

    private HostUi.TabBarChange tabBarChange(String api, Map<String, Object> options) {
        int tabs = session.tabPages().size();
        if (tabs == 0) {
            throw new ApiFailure("this mini-program has no tabBar");
        }
        if (api.equals("showTabBar") || api.equals("hideTabBar")) {
            return new HostUi.TabBarChange.Visibility(api.equals("showTabBar"));
        }
        long index = number(options, "index", -1);
        if (index < 0 || index >= tabs) {
            throw new ApiFailure("tabbar item not found (index " + options.get("index") + ")");
        }
        int at = (int) index;
        return switch (api) {
            case "setTabBarBadge" -> new HostUi.TabBarChange.Badge(at, text(options, "text", ""));
            case "removeTabBarBadge" -> new HostUi.TabBarChange.Badge(at, null);
            case "showTabBarRedDot", "hideTabBarRedDot" ->
                new HostUi.TabBarChange.RedDot(at, api.equals("showTabBarRedDot"));
            default ->
                new HostUi.TabBarChange.Item(
                        at,
                        optional(options, "text"),
                        optional(options, "iconPath"),
                        optional(options, "selectedIconPath"));
        };
    }

    private static Map<String, Object> userInfo(HostUi.UserInfo user) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("nickName", user.nickName());
        info.put("avatarUrl", user.avatarUrl());
        info.put("gender", user.gender());
        info.put("country", user.country());
        info.put("province", user.province());
        info.put("city", user.city());
        info.put("language", user.language());
        return Map.of("userInfo", info, "rawData", RunningSession.json(info));
    }

    /**
     * Answers after the work queued before it (the page's first render, when the query ran in
     * {@code onLoad}), on the mini-program's thread, where the rendered tree lives.
     */
    private void selectorQuery(Map<String, Object> options, int callbackId) {
        String api = "createSelectorQuery";
        int pageId = (int) number(options, "page", -1);
        List<?> requests = options.get("requests") instanceof List<?> r ? r : List.of();
        session.engine().submit((cx, global) -> {
            io.atrium.sdk.view.VNode.Element root = session.renderedRoot(pageId);
            if (root == null) {
                fail(callbackId, api, "the page is not open");
                return null;
            }
            List<@Nullable Object> results;
            try {
                results = viewQuery(root).answer(requests);
            } catch (ApiFailure e) {
                fail(callbackId, api, e.getMessage());
                return null;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("results", results);
            ok(callbackId, api, result);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private void invokeHostApi(Map<String, Object> options, int callbackId) {
        String name = text(options, "name", "");
        String label = "invokeHostApi:" + name;
        String refusal = policy.refusesHostApi(name);
        if (refusal != null) {
            deny(label, refusal);
            fail(callbackId, label, refusal);
            return;
        }
        HostApiHandler handler = session.hostApis().get(name);
        if (handler == null) {
            fail(callbackId, label, "this host does not provide '" + name + "'");
            return;
        }
        Map<String, Object> params = options.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        CompletionStage<Map<String, Object>> result;
        try {
            result = handler.handle(miniProgramId, params);
        } catch (RuntimeException e) {
            fail(callbackId, label, String.valueOf(e.getMessage()));
            return;
        }
        settle(callbackId, label, result, value -> value == null ? Map.of() : value);
    }

    // ---- request ----

    private void request(Map<String, Object> options, int callbackId) {
        String url = text(options, "url", "");
        HttpUrl target = HttpUrl.parse(url);
        if (target == null) {
            fail(callbackId, "request", "not a URL: " + url);
            return;
        }
        if (!target.isHttps()) {
            deny("request:" + target.host(), "only https URLs may be requested");
            fail(callbackId, "request", "only https URLs may be requested");
            return;
        }
        if (!policy.allowsDomain(target.host())) {
            String reason = "the domain " + target.host() + " is not allowed by this host app";
            deny("request:" + target.host(), reason);
            fail(callbackId, "request", reason);
            return;
        }
        if (!config.privateNetworks()
                && InetAddresses.isLiteral(target.host())
                && !InetAddresses.isPublic(target.host())) {
            String reason =
                    "the address " + target.host() + " is not public; this host does not allow private networks";
            deny("request:" + target.host(), reason);
            fail(callbackId, "request", reason);
            return;
        }
        String method = text(options, "method", "GET").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH").contains(method)) {
            fail(callbackId, "request", "unsupported method " + method);
            return;
        }
        Object data = options.get("data");
        RequestBody body = null;
        if (!method.equals("GET") && !method.equals("HEAD")) {
            String text = data == null ? "" : data instanceof String s ? s : RunningSession.json(data);
            body = RequestBody.create(text.getBytes(StandardCharsets.UTF_8), JSON_TYPE);
        } else if (data instanceof Map<?, ?> query) {
            HttpUrl.Builder withQuery = target.newBuilder();
            query.forEach((k, v) -> withQuery.addQueryParameter(String.valueOf(k), String.valueOf(v)));
            target = withQuery.build();
        }
        Request.Builder request = new Request.Builder().url(target).method(method, body);
        if (options.get("header") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("cookie")) {
                    try {
                        request.header(name, String.valueOf(v));
                    } catch (IllegalArgumentException e) {
                        // an invalid header name or value is dropped, as a browser would refuse it
                    }
                }
            });
        }
        // A timeout of 0, a negative one or none means the host's limit; a longer one is cut to it.
        long limit = config.requestTimeout().toMillis();
        long asked = number(options, "timeout", limit);
        long timeout = asked <= 0 ? limit : Math.min(asked, limit);
        int maxRequests = config.limits().maxConcurrentRequests();
        if (requestsInFlight.incrementAndGet() > maxRequests) {
            requestsInFlight.decrementAndGet();
            fail(callbackId, "request", "at most " + maxRequests + " requests may be in flight at once");
            return;
        }
        OkHttpClient.Builder client = config.requestClient()
                .newBuilder()
                .callTimeout(timeout, TimeUnit.MILLISECONDS)
                .dispatcher(dispatcher());
        if (!config.privateNetworks()) {
            client.dns(InetAddresses.PUBLIC_ONLY);
        }
        Call call = client.build().newCall(request.build());
        boolean wantsJson = !"text".equals(options.get("dataType"));
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                requestsInFlight.decrementAndGet();
                fail(
                        callbackId,
                        "request",
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }

            @Override
            public void onResponse(Call c, Response response) {
                // In flight until its body is read and closed: a server that answers headers at once
                // and trickles the body would otherwise let requests past the cap.
                try (response) {
                    ResponseBody responseBody = response.body();
                    byte[] bytes;
                    try (InputStream in =
                            responseBody == null ? InputStream.nullInputStream() : responseBody.byteStream()) {
                        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxResponseBytes() + 1));
                    }
                    if (bytes.length > config.maxResponseBytes()) {
                        fail(
                                callbackId,
                                "request",
                                "the response is larger than " + config.maxResponseBytes() + " bytes");
                        return;
                    }
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    Object data = text;
                    if (wantsJson) {
                        try {
                            data = RunningSession.JSON.readValue(text, Object.class);
                        } catch (JsonProcessingException e) {
                            data = text;
                        }
                    }
                    Map<String, Object> header = new LinkedHashMap<>();
                    response.headers().forEach(h -> header.put(h.getFirst(), h.getSecond()));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("statusCode", response.code());
                    result.put("header", header);
                    result.put("data", data);
                    ok(callbackId, "request", result);
                } catch (IOException e) {
                    fail(callbackId, "request", e.getMessage());
                } finally {
                    requestsInFlight.decrementAndGet();
                }
            }
        });
    }

    // ---- helpers ----

    private <T> void settle(
            int callbackId,
            String api,
            CompletionStage<T> stage,
            java.util.function.Function<T, Map<String, Object>> result) {
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                Throwable cause =
                        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                fail(callbackId, api, String.valueOf(cause.getMessage()));
            } else {
                ok(callbackId, api, result.apply(value));
            }
        });
    }

    private void ok(int callbackId, String api, Map<String, Object> result) {
        Map<String, Object> answer = new LinkedHashMap<>(result);
        answer.put("errMsg", api + ":ok");
        session.engine().deliver(callbackId, true, RunningSession.json(answer));
    }

    /** {@code reason} is null only when an exception carried no message; the script then reads "null", as before. */
    private void fail(int callbackId, String api, @Nullable String reason) {
        session.engine().deliver(callbackId, false, RunningSession.json(Map.of("errMsg", api + ":fail " + reason)));
    }

    private void deny(String api, String reason) {
        session.listener().onPolicyDenied(new PolicyDenial(miniProgramId, api, reason));
    }

    private synchronized Dispatcher dispatcher() {
        Dispatcher d = dispatcher;
        if (d == null) {
            d = new Dispatcher();
            d.setMaxRequests(config.limits().maxConcurrentRequests());
            d.setMaxRequestsPerHost(config.limits().maxConcurrentRequests());
            dispatcher = d;
        }
        return d;
    }

    /** Cancels the session's requests in flight and lets its dispatcher's threads go. */
    synchronized void close() {
        Dispatcher d = dispatcher;
        if (d != null) {
            d.cancelAll();
            d.executorService().shutdown();
        }
    }

    private Storage storage() {
        Storage s = storage;
        if (s == null) {
            s = new Storage(storageFile, config.limits().storageQuotaBytes());
            storage = s;
        }
        return s;
    }

    private static String key(List<Object> args) {
        Object key = args.isEmpty() ? null : args.get(0);
        if (!(key instanceof String s)) {
            throw new ApiFailure("the key must be a string");
        }
        return s;
    }

    private static List<Object> list(String json) {
        try {
            List<Object> list = RunningSession.JSON.readValue(json, new TypeReference<List<Object>>() {});
            return list == null ? List.of() : list;
        } catch (JsonProcessingException e) {
            throw new ApiFailure("the arguments do not parse");
        }
    }

    private static String text(Map<String, Object> options, String key, String otherwise) {
        Object value = options.get(key);
        return value == null ? otherwise : String.valueOf(value);
    }

    private static @Nullable String optional(Map<String, Object> options, String key) {
        Object value = options.get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static String message(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return String.valueOf(cause.getMessage());
    }

    private static long number(Map<String, Object> options, String key, long otherwise) {
        return options.get(key) instanceof Number n ? n.longValue() : otherwise;
    }
}
