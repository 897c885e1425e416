package io.atrium.sdk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.atrium.sdk.logic.ApiFailure;
import io.atrium.sdk.logic.LogicEngine;
import io.atrium.sdk.logic.LogicHost;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.policy.Policy;
import io.atrium.sdk.view.ComponentHost;
import io.atrium.sdk.view.FxmlTemplate;
import io.atrium.sdk.view.Rendered;
import io.atrium.sdk.view.Styles;
import io.atrium.sdk.view.TemplateException;
import io.atrium.sdk.view.VNode;
import io.atrium.sdk.view.Values;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.Context;

/**
 * A running mini-program: its logic engine, its page stack and their renders. All page state is
 * touched only on the mini-program's own thread (inside {@link LogicEngine#submit}); hosts see
 * immutable {@link PageView}s.
 */
final class RunningSession implements MiniProgramSession, LogicHost {

    /**
     * Template values go to the logic layer as JSON; an {@code undefined} inside one (a member of an
     * object literal in {@code {{...}}}, an item of a list) goes as null, as JavaScript would not
     * fail on it either.
     */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(undefinedAsNull());

    @SuppressWarnings("unchecked") // UNDEFINED's anonymous class is a Class<? extends Object>
    private static SimpleModule undefinedAsNull() {
        Class<Object> type = (Class<Object>) Values.UNDEFINED.getClass();
        return new SimpleModule("undefined").addSerializer(type, new JsonSerializer<Object>() {
            @Override
            public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNull();
            }
        });
    }

    static final int MAX_PAGES_OPEN = 10;
    static final long TIMER_GRACE_MS = 100;
    static final int BYTES_PER_NODE = 512;
    static final int BYTES_PER_CONTAINER = 80;
    static final int BYTES_PER_ELEMENT = 40;
    static final int MAX_HOST_CALLS_WAITING = 1_000;
    static final int MAX_LOG_CHARS = 4_096;

    private final RuntimeConfig config;
    private final String miniProgramId;
    private final String version;
    private final @Nullable String grayReleaseId;
    private final PackageFiles files;
    private final Policy policy;
    private final JsonNode appJson;
    private final List<String> pages;
    /** The pages of app.json's tab bar, in its order. */
    private final List<String> tabPages;
    /** What {@code onLaunch} received, for {@code getLaunchOptionsSync}. */
    private volatile Map<String, Object> launchOptions = Map.of();

    private final String appStyle;
    private final LogicEngine engine;
    private final BuiltinApis apis;
    // The host's code, reached through this session's bounded lane onto the runtime's host thread.
    private final HostThread.Lane lane;
    private final RuntimeListener listener;
    private final HostUi ui;
    private final Map<String, HostApiHandler> hostApis;

    // Owned by the mini-program's thread.
    private final Map<String, FxmlTemplate> templates = new HashMap<>();
    private final Map<String, Boolean> scripts = new HashMap<>();
    private final Deque<PageState> stack = new ArrayDeque<>();
    private final Map<Integer, PageState> byId = new HashMap<>();
    private int nextPageId = 1;
    private final ComponentTree components;
    /** A render is under way: data set meanwhile (by a component's lifetime or observer) renders again after it. */
    private boolean rendering;

    /** The top page's last render; set by the first render of the entry page, before start() returns. */
    private volatile @Nullable PageView current;

    private volatile List<String> stackPaths = List.of();
    private volatile boolean closed;
    private volatile long pageDataBytes;
    private final java.util.concurrent.atomic.AtomicReference<PendingPage> pendingPage =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** One open page. */
    private static final class PageState {
        final int id;
        final String path;
        final Map<String, String> query;
        final FxmlTemplate template;
        final String style;
        String title;
        Map<String, Object> data = new LinkedHashMap<>();
        /** Data changed while the page was rendering: it renders again. */
        boolean dirty;

        /** Both null until the page first renders (its onLoad runs before), then set together. */
        @Nullable
        Rendered rendered;

        @Nullable
        PageView view;

        PageState(int id, String path, Map<String, String> query, FxmlTemplate template, String style, String title) {
            this.id = id;
            this.path = path;
            this.query = query;
            this.template = template;
            this.style = style;
            this.title = title;
        }
    }

    RunningSession(
            RuntimeConfig config,
            String miniProgramId,
            String version,
            @Nullable String grayReleaseId,
            PackageFiles files,
            Policy policy,
            java.nio.file.Path storageFile) {
        this.config = config;
        this.miniProgramId = miniProgramId;
        this.version = version;
        this.grayReleaseId = grayReleaseId;
        this.files = files;
        this.policy = policy;
        String app = files.read("app.json");
        if (app == null) {
            throw new LaunchException(LaunchException.Reason.INVALID_PACKAGE, "the package has no app.json");
        }
        try {
            this.appJson = JSON.readTree(app);
        } catch (JsonProcessingException e) {
            throw new LaunchException(
                    LaunchException.Reason.INVALID_PACKAGE, "app.json does not parse: " + e.getOriginalMessage());
        }
        // Subpackages' pages are pages like the main package's, at their root plus their path.
        List<String> listed = io.atrium.sdk.packaging.AppPages.of(appJson);
        if (listed.isEmpty()) {
            throw new LaunchException(LaunchException.Reason.INVALID_PACKAGE, "app.json lists no pages");
        }
        this.pages = List.copyOf(listed);
        List<String> tabs = new ArrayList<>();
        appJson.path("tabBar")
                .path("list")
                .forEach(t -> tabs.add(stripSlash(t.path("pagePath").asText())));
        this.tabPages = List.copyOf(tabs);
        this.appStyle = style("app");
        this.lane = config.hostThread().lane(MAX_HOST_CALLS_WAITING, this::hostOverwhelmed);
        this.listener = lane.listener(config.listener());
        this.ui = lane.ui(config.ui());
        this.hostApis = lane.hostApis(config.hostApis());
        this.apis = new BuiltinApis(this, config, policy, miniProgramId, storageFile);
        this.engine = new LogicEngine(miniProgramId, config.limits(), this, listener::onViolation);
        // Pages and component instances share one id space: an event names either by its id.
        this.components = new ComponentTree(files, appJson, engine, () -> nextPageId++);
        // A stopped session keeps nothing: its pages, their data and renders go with its scripts.
        engine.sandbox().onStop(() -> {
            apis.close();
            stack.clear();
            byId.clear();
            templates.clear();
            components.clear();
            pageDataBytes = 0;
        });
    }

    /** Runs app.js, {@code onLaunch}, and opens the first page, within the settle time. */
    void start(LaunchOptions options) {
        String page = options.page();
        String entry = page == null ? pages.get(0) : stripSlash(page);
        if (!pages.contains(entry)) {
            throw new LaunchException(
                    LaunchException.Reason.INVALID_PACKAGE, "app.json does not list the page " + entry);
        }
        try {
            settle(engine.submit((cx, global) -> {
                        String source = files.read("app.js");
                        if (source == null) {
                            throw new LaunchException(
                                    LaunchException.Reason.INVALID_PACKAGE, "the package has no app.js");
                        }
                        engine.onAppScript(cx, source, "app.js");
                        launchOptions = Map.of(
                                "path", entry, "query", options.query(), "scene", 1001, "referrerInfo", Map.of());
                        engine.onLaunch(cx, json(Map.of("path", entry, "query", options.query(), "scene", 1001)));
                        openPage(cx, entry, options.query());
                        return null;
                    }))
                    .join();
        } catch (CompletionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof LaunchException launch) {
                throw launch;
            }
            if (cause instanceof ScriptError
                    || cause instanceof SandboxViolation
                    || cause instanceof ApiFailure
                    || cause instanceof TemplateException) {
                throw new LaunchException(
                        LaunchException.Reason.INVALID_PACKAGE,
                        "the mini-program failed to start: " + cause.getMessage(),
                        cause);
            }
            throw e;
        }
    }

    // ---- pages (on the mini-program's thread) ----

    private void openPage(Context cx, String path, Map<String, String> query) {
        if (!pages.contains(path)) {
            throw new ApiFailure("app.json does not list the page " + path);
        }
        if (stack.size() >= MAX_PAGES_OPEN) {
            throw new ApiFailure("at most " + MAX_PAGES_OPEN + " pages may be open; go back or redirect instead");
        }
        FxmlTemplate template = templates.computeIfAbsent(path, this::compile);
        if (!scripts.containsKey(path)) {
            String source = files.read(path + ".js");
            if (source == null) {
                throw new ApiFailure("the page " + path + " has no script");
            }
            if (!engine.onPageScript(cx, path, source, path + ".js")) {
                throw new ApiFailure("the script of " + path + " did not call Page()");
            }
            scripts.put(path, Boolean.TRUE);
        }
        PageState page = new PageState(nextPageId++, path, query, template, appStyle + style(path), title(path));
        byId.put(page.id, page);
        stack.push(page);
        publishStack();
        ui.setNavigationBarTitle(miniProgramId, page.title);
        engine.onCreatePage(cx, page.id, path, json(query));
        try {
            render(page, true);
        } catch (RuntimeException e) {
            // A page that cannot render (past the node budget, say) is not kept open half-made.
            unloadTop(cx);
            throw e;
        }
        engine.onPageHook(cx, page.id, "onReady");
    }

    private FxmlTemplate compile(String path) {
        String file = files.contains(path + ".fxml") ? path + ".fxml" : path + ".wxml";
        try {
            return FxmlTemplate.compile(file, files::read);
        } catch (TemplateException e) {
            throw new ApiFailure("the template of " + path + " does not compile: " + e.getMessage());
        }
    }

    private String style(String base) {
        String css = files.read(base + ".ftss");
        if (css == null) {
            css = files.read(base + ".wxss");
        }
        return css == null ? "" : Styles.convertRpx(css);
    }

    private String title(String path) {
        String own = null;
        String config = files.read(path + ".json");
        if (config != null) {
            try {
                JsonNode node = JSON.readTree(config);
                own = node.path("navigationBarTitleText").isTextual()
                        ? node.get("navigationBarTitleText").asText()
                        : null;
            } catch (JsonProcessingException e) {
                own = null;
            }
        }
        return own != null
                ? own
                : appJson.path("window").path("navigationBarTitleText").asText("");
    }

    private void render(PageState page, boolean full) {
        if (rendering) {
            page.dirty = true;
            return;
        }
        Rendered previous = page.rendered;
        Rendered rendered;
        rendering = true;
        try {
            int passes = 0;
            do {
                page.dirty = false;
                try {
                    // WXS modules run here, on the mini-program's thread, under the callback's budgets.
                    rendered = page.template.render(
                            page.data,
                            template -> engine.wxs().exports(template, files::read),
                            components.host(page.id, page.path));
                } catch (RuntimeException e) {
                    components.renderFailed();
                    throw e;
                }
                // Lifetimes (attached, ready, detached) run after the render that reached their
                // instances; what they set renders again, a few times at most.
                components.afterRender(page.id);
            } while (page.dirty && ++passes < ComponentTree.MAX_PASSES);
        } finally {
            rendering = false;
        }
        String dataJson = json(page.data);
        PageView view = new PageView(
                page.path, page.query, page.title, page.style + components.styles(page.id), rendered, dataJson);
        page.rendered = rendered;
        page.view = view;
        countPageData();
        if (stack.peek() == page) {
            current = view;
            List<Rendered.Patch> patches = full || previous == null ? List.of() : rendered.diff(previous);
            if (full || !patches.isEmpty()) {
                tellPage(view, patches);
            }
        }
    }

    private void unloadTop(Context cx) {
        PageState top = stack.pop();
        byId.remove(top.id);
        components.dropPage(top.id);
        publishStack();
        countPageData();
        engine.onUnloadPage(cx, top.id);
    }

    /**
     * What the open pages cost outside the scripts, counted toward the session's retained-memory
     * bound: the data as Java objects and as JSON, and the render (a node is a few objects, about
     * {@value #BYTES_PER_NODE} bytes with its attributes, plus its text at two bytes a character).
     */
    private void countPageData() {
        long bytes = 0;
        for (PageState page : stack) {
            PageView view = page.view;
            Rendered rendered = page.rendered;
            if (view != null && rendered != null) {
                bytes += dataBytes(view.dataJson())
                        + components.dataBytes(page.id)
                        + (long) BYTES_PER_NODE * rendered.nodes()
                        + 2 * rendered.chars();
            }
        }
        pageDataBytes = bytes;
    }

    /**
     * The data behind a JSON text: its characters twice (the text and the values), and for every
     * object or array a map or list of its own ({@value #BYTES_PER_CONTAINER} bytes), and every
     * element its entry ({@value #BYTES_PER_ELEMENT}): {@code [{}, {}, ...]} is tiny as JSON and not
     * as maps.
     */
    static long dataBytes(String json) {
        long containers = 0;
        long elements = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{' || c == '[') {
                containers++;
            } else if (c == ',' || c == ':') {
                elements++;
            }
        }
        return 2L * json.length() + BYTES_PER_CONTAINER * containers + BYTES_PER_ELEMENT * elements;
    }

    private void showTop(Context cx) {
        // Callers leave at least one page open, and every page on the stack rendered when it opened.
        PageState top = Objects.requireNonNull(stack.peek(), "a page is open");
        PageView view = Objects.requireNonNull(top.view, "an open page under the top one has rendered");
        current = view;
        ui.setNavigationBarTitle(miniProgramId, top.title);
        engine.onPageHook(cx, top.id, "onShow");
        tellPage(view, List.of());
    }

    private void publishStack() {
        List<String> paths = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(p -> paths.add(p.path));
        stackPaths = List.copyOf(paths);
    }

    /** Navigation, as the built-in APIs and the host ask for it. */
    /** {@code url} is null for {@code navigateBack}, which takes none. */
    void navigate(Context cx, String kind, @Nullable String url, int delta) {
        switch (kind) {
            case "navigateTo" -> {
                PageUrl target = resolve(url);
                PageState hidden = stack.peek();
                openPage(cx, target.path(), target.query());
                if (hidden != null) {
                    engine.onPageHook(cx, hidden.id, "onHide");
                }
            }
            case "redirectTo" -> {
                PageUrl target = resolve(url);
                unloadTop(cx);
                openPage(cx, target.path(), target.query());
            }
            case "reLaunch" -> {
                PageUrl target = resolve(url);
                while (!stack.isEmpty()) {
                    unloadTop(cx);
                }
                openPage(cx, target.path(), target.query());
            }
            case "switchTab" -> {
                // Tab pages are not kept alive between switches here: the switch reopens the tab
                // page alone, which is what a mini-program sees after WeChat closes the others.
                PageUrl target = resolve(url);
                if (!tabPages.contains(target.path())) {
                    throw new ApiFailure("can not switch to no-tabBar page");
                }
                while (!stack.isEmpty()) {
                    unloadTop(cx);
                }
                openPage(cx, target.path(), Map.of());
            }
            case "navigateBack" -> {
                if (stack.size() <= 1) {
                    throw new ApiFailure("there is no page to go back to");
                }
                for (int i = 0; i < Math.max(1, delta) && stack.size() > 1; i++) {
                    unloadTop(cx);
                }
                showTop(cx);
            }
            default -> throw new ApiFailure("unknown navigation " + kind);
        }
    }

    /** A page URL, absolute ({@code /pages/a/a?x=1}) or relative to the current page ({@code ../b/b}). */
    PageUrl resolve(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw new ApiFailure("url is required");
        }
        PageState top = stack.peek();
        PageUrl resolved = PageUrl.resolve(top == null ? null : top.path, url)
                .orElseThrow(() -> new ApiFailure("the url " + url + " leaves the package"));
        if (!pages.contains(resolved.path())) {
            throw new ApiFailure("app.json does not list the page " + resolved.path());
        }
        return resolved;
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    // ---- LogicHost (on the mini-program's thread) ----

    @Override
    public void pageData(int pageId, String dataJson) {
        PageState page = byId.get(pageId);
        if (page != null) {
            page.data = parseMap(dataJson);
            return;
        }
        ComponentTree.Instance instance = components.instance(pageId);
        if (instance != null) {
            instance.data = parseMap(dataJson);
            instance.dataBytes = dataBytes(dataJson);
        }
    }

    @Override
    public void setData(int pageId, String operationsJson) {
        ComponentTree.Instance instance = components.instance(pageId);
        PageState page = byId.get(instance != null ? instance.pageId : pageId);
        if (page == null) {
            return; // an unloaded page's (or its components') late setData changes nothing
        }
        Map<String, Object> data = instance != null ? instance.data : page.data;
        List<List<Object>> operations;
        try {
            operations = JSON.readValue(operationsJson, new TypeReference<List<List<Object>>>() {});
        } catch (JsonProcessingException e) {
            throw new ApiFailure("setData: the payload is not valid");
        }
        for (List<Object> op : operations) {
            if (op.size() != 2 || !(op.get(0) instanceof List<?> segments) || segments.isEmpty()) {
                throw new ApiFailure("setData: the payload is not valid");
            }
            DataPaths.assign(data, segments, op.get(1));
        }
        if (instance != null) {
            instance.dataBytes = dataBytes(json(instance.data));
            if (components.isMounting(instance.id)) {
                return; // set while the render that mounts it is under way, which uses it as it is
            }
        }
        // During a render (a lifetime or observer setting data, the first render included) this
        // only marks the page to render again.
        if (page.rendered != null || rendering) {
            render(page, false);
        }
    }

    @Override
    public void triggerEvent(int componentId, String name, String detailJson) {
        ComponentTree.Instance instance = components.instance(componentId);
        if (instance == null) {
            return;
        }
        String handler = instance.events.get(name);
        if (handler == null || handler.isEmpty()) {
            return; // nobody listens on the host element
        }
        Map<String, Object> target = Map.of("id", instance.host.id(), "dataset", instance.host.dataset());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", name);
        event.put("timeStamp", System.currentTimeMillis());
        event.put("target", target);
        event.put("currentTarget", target);
        event.put("detail", JSON_DETAIL.apply(detailJson));
        int owner = instance.owner == ComponentHost.PAGE ? instance.pageId : instance.owner;
        engine.onEvent(Context.getCurrentContext(), owner, handler, json(event));
    }

    private static final java.util.function.Function<String, @Nullable Object> JSON_DETAIL = text -> {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new ApiFailure("triggerEvent: the detail is not valid");
        }
    };

    @Override
    public @Nullable String script(String path) {
        return files.read(path);
    }

    @Override
    public @Nullable String callSync(String api, String argumentsJson) {
        return apis.callSync(api, argumentsJson);
    }

    @Override
    public void callAsync(String api, String optionsJson, int callbackId) {
        apis.callAsync(api, optionsJson, callbackId);
    }

    @Override
    public void log(String level, String message) {
        // A log line is for a person: a megabyte of it only costs the host.
        listener.onLog(
                miniProgramId,
                level,
                message.length() > MAX_LOG_CHARS ? message.substring(0, MAX_LOG_CHARS) + "…" : message);
    }

    /**
     * Tells the host of a render. A host slower than the renders sees only the newest: while one is
     * still waiting for the host, a newer one takes its place as a full render (its patches were
     * against a view the host never saw), so at most one page view per session waits in memory.
     */
    private void tellPage(PageView view, List<Rendered.Patch> patches) {
        PendingPage waiting = pendingPage.getAndUpdate(
                w -> w == null ? new PendingPage(view, patches) : new PendingPage(view, List.of()));
        if (waiting != null) {
            return; // the call already waiting delivers this one instead
        }
        RuntimeListener host = config.listener();
        lane.post(() -> {
            PendingPage newest = pendingPage.getAndSet(null);
            if (newest != null) {
                host.onPage(this, newest.view(), newest.patches());
            }
        });
    }

    private record PendingPage(PageView view, List<Rendered.Patch> patches) {}

    /** More calls waiting for the host than it gets through: the session is stopped, and that is reported. */
    private void hostOverwhelmed() {
        String reason = "more than " + MAX_HOST_CALLS_WAITING + " calls to the host were waiting";
        SandboxViolation violation = new SandboxViolation(
                SandboxViolation.Kind.BACKLOG,
                miniProgramId,
                "the mini-program asked the host for " + "more than it could get through (" + reason
                        + "); it was stopped");
        RuntimeListener host = config.listener();
        lane.postAlways(() -> host.onViolation(violation));
        closed = true;
        if (engine != null) {
            engine.sandbox().stop(SandboxViolation.Kind.BACKLOG, reason);
        }
    }

    /** The pages of app.json's tab bar. */
    List<String> tabPages() {
        return tabPages;
    }

    Map<String, Object> launchOptions() {
        return launchOptions;
    }

    /** The rendered tree of an open page (on the mini-program's thread), or null when it is gone or not rendered. */
    VNode.@Nullable Element renderedRoot(int pageId) {
        PageState page = byId.get(pageId);
        Rendered rendered = page == null ? null : page.rendered;
        return rendered == null ? null : rendered.root();
    }

    /** {@code startPullDownRefresh}: the top page hears {@code onPullDownRefresh}, as after a pull. */
    void pullDownRefresh(Context cx) {
        PageState top = stack.peek();
        if (top != null) {
            engine.onPageHook(cx, top.id, "onPullDownRefresh");
        }
    }

    RuntimeListener listener() {
        return listener;
    }

    HostUi ui() {
        return ui;
    }

    Map<String, HostApiHandler> hostApis() {
        return hostApis;
    }

    @Override
    public void scriptFailed(ScriptError error) {
        listener.onScriptError(miniProgramId, error);
    }

    @Override
    public long retainedBytes() {
        return pageDataBytes;
    }

    LogicEngine engine() {
        return engine;
    }

    void retitle(String title) {
        PageState top = stack.peek();
        if (top != null) {
            top.title = title;
            render(top, false);
        }
    }

    // ---- MiniProgramSession ----

    @Override
    public String miniProgramId() {
        return miniProgramId;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public @Nullable String grayReleaseId() {
        return grayReleaseId;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public PageView currentPage() {
        return Objects.requireNonNull(current, "start() renders the entry page before the session is handed out");
    }

    @Override
    public List<String> pageStack() {
        return stackPaths;
    }

    @Override
    public CompletableFuture<PageView> tap(String elementId) {
        return event(elementId, "tap", Map.of("x", 0, "y", 0));
    }

    @Override
    public CompletableFuture<PageView> input(String elementId, String value) {
        return event(elementId, "input", Map.of("value", value, "cursor", value.length()));
    }

    private CompletableFuture<PageView> event(String elementId, String type, Map<String, Object> detail) {
        return settle(engine.submit((cx, global) -> {
            // Events reach a started session, whose top page rendered when it opened.
            PageState page = Objects.requireNonNull(stack.peek(), "a page is open");
            Rendered rendered = Objects.requireNonNull(page.rendered, "the top page has rendered");
            Rendered.Target target = rendered.find(elementId)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the page " + page.path + " has no element '" + elementId + "'"));
            List<Rendered.Handler> handlers = rendered.handlers(elementId, type);
            for (Rendered.Handler handler : handlers) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("type", type);
                event.put("timeStamp", System.currentTimeMillis());
                event.put("target", Map.of("id", target.id(), "dataset", target.dataset()));
                event.put(
                        "currentTarget",
                        Map.of(
                                "id",
                                handler.currentTarget().id(),
                                "dataset",
                                handler.currentTarget().dataset()));
                event.put("detail", detail);
                int owner = handler.owner() == ComponentHost.PAGE ? page.id : handler.owner();
                engine.onEvent(cx, owner, handler.handler(), json(event));
            }
            if (type.equals("tap") && handlers.isEmpty()) {
                rendered.attributeUp(elementId, "data-ft-url").ifPresent(url -> {
                    String openType =
                            rendered.attributeUp(elementId, "open-type").orElse("navigate");
                    navigate(
                            cx,
                            switch (openType) {
                                case "redirect" -> "redirectTo";
                                case "navigateBack" -> "navigateBack";
                                case "reLaunch" -> "reLaunch";
                                default -> "navigateTo";
                            },
                            url,
                            1);
                });
            }
            return null;
        }));
    }

    @Override
    public CompletableFuture<PageView> open(String url) {
        return settle(engine.submit((cx, global) -> {
            navigate(cx, "navigateTo", url.startsWith("/") ? url : "/" + url, 1);
            return null;
        }));
    }

    @Override
    public CompletableFuture<PageView> relaunch(String url) {
        return settle(engine.submit((cx, global) -> {
            navigate(cx, "reLaunch", url.startsWith("/") ? url : "/" + url, 1);
            return null;
        }));
    }

    @Override
    public CompletableFuture<PageView> back() {
        return settle(engine.submit((cx, global) -> {
            navigate(cx, "navigateBack", null, 1);
            return null;
        }));
    }

    /**
     * Waits for the work an event queued, and for the host to have heard of it, then answers the page
     * then current. Never longer than the settle time: a mini-program that keeps its thread busy (a
     * timer slower than its period, callbacks that queue callbacks) is stopped and reported instead
     * of holding its host.
     */
    private CompletableFuture<PageView> settle(CompletableFuture<?> handled) {
        long settleMs = config.limits().settleTime().toMillis();
        // Decided here, by who asked, never by the thread a completion below happens to run on: host
        // code that asks from the host thread cannot have that thread waited for, since it may block
        // on the answer; anyone else waits for the calls the host was handed.
        boolean askedByHost = config.hostThread().isHostThread();
        CompletableFuture<Object> settled = handled.thenCompose(v -> quiet(askedByHost))
                .thenApply(v -> (Object) current)
                .orTimeout(settleMs, TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof TimeoutException) {
                        if (engine.hasNoWorkButTimers() && !engine.sandbox().isDead()) {
                            // The mini-program is done; it is the host that has not got through what it
                            // was handed yet. Not the mini-program's fault: answer the page as it is.
                            return current;
                        }
                        String reason =
                                "did not settle within " + settleMs + " ms (a timer or callback kept its thread busy)";
                        SandboxViolation violation = new SandboxViolation(
                                SandboxViolation.Kind.UNRESPONSIVE,
                                miniProgramId,
                                "the mini-program " + reason + "; it was stopped");
                        listener.onViolation(violation);
                        engine.sandbox().stop(SandboxViolation.Kind.UNRESPONSIVE, reason);
                        closed = true;
                        return violation;
                    }
                    return cause;
                });
        // On success quiet(...) has already waited for the host; a failure is told to the host first, but
        // a stuck host is not waited for. The answer completes on the runtime's answer threads, so
        // host code chained on it runs neither on the mini-program's thread (which may be stopped,
        // and whose own work the chained code might wait for) nor on the host thread.
        CompletableFuture<PageView> answer = new CompletableFuture<>();
        settled.thenCompose(outcome -> !(outcome instanceof Throwable)
                        ? CompletableFuture.completedFuture(outcome)
                        : hostDone(askedByHost)
                                .completeOnTimeout(null, settleMs, TimeUnit.MILLISECONDS)
                                .thenApply(v -> outcome))
                .whenCompleteAsync(
                        (outcome, failure) -> {
                            if (failure != null) {
                                answer.completeExceptionally(failure);
                            } else if (outcome instanceof Throwable thrown) {
                                answer.completeExceptionally(thrown);
                            } else {
                                answer.complete((PageView) outcome);
                            }
                        },
                        config.hostThread().answers());
        return answer;
    }

    /**
     * Idle on both sides: no callback queued or running, and the host's thread done with what it was
     * handed. The host's answers (a host API, a modal) queue callbacks, so this repeats while the
     * host gave the mini-program new work. Timer ticks due now are waited for (a page that loads its
     * data in a {@code setTimeout} shows it), but for {@value #TIMER_GRACE_MS} ms at most once only
     * ticks are left: repeating timers may never leave the thread idle.
     */
    private CompletableFuture<Void> quiet(boolean askedByHost) {
        CompletableFuture<Void> timersDone = engine.whenIdle();
        CompletableFuture<Void> onlyTimersLeft = engine.whenNoWorkButTimers()
                .thenCompose(v -> CompletableFuture.runAsync(
                        () -> {}, CompletableFuture.delayedExecutor(TIMER_GRACE_MS, TimeUnit.MILLISECONDS)));
        // The lane is asked again after the count: a callback the host's last call delivered may have
        // posted another call and ended before that call's wait completed, and the page is not
        // answered while a call is still waiting. The count is read first: a call posted before the
        // callback ended is then visible in the lane's tail.
        return CompletableFuture.anyOf(timersDone, onlyTimersLeft)
                .thenCompose(v -> hostDone(askedByHost))
                .thenCompose(v ->
                        (engine.hasNoWorkButTimers() && hostDone(askedByHost).isDone())
                                        || engine.sandbox().isDead()
                                ? CompletableFuture.completedFuture(null)
                                : quiet(askedByHost));
    }

    /** The host's thread done with what this session handed it, unless the host asked on that thread. */
    private CompletableFuture<Void> hostDone(boolean askedByHost) {
        return askedByHost ? CompletableFuture.completedFuture(null) : lane.drained();
    }

    @Override
    public boolean isClosed() {
        return closed || engine.sandbox().isDead();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!engine.sandbox().isDead()) {
            try {
                engine.submit((cx, global) -> {
                            while (!stack.isEmpty()) {
                                unloadTop(cx);
                            }
                            return null;
                        })
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // onUnload failing or hanging does not keep the mini-program alive
            }
        }
        engine.close();
    }

    static String json(@Nullable Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> parseMap(String json) {
        try {
            Map<String, Object> map = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
            return map == null ? new LinkedHashMap<>() : map;
        } catch (JsonProcessingException e) {
            throw new ApiFailure("not a JSON object");
        }
    }
}
