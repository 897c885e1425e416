package io.atrium.sdk.logic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * A mini-program's logic layer: its {@link Sandbox}, the framework prelude ({@code App}, {@code Page},
 * {@code ft}/{@code wx}, timers, console) and the native bridge between them and the {@link LogicHost}.
 *
 * <p>Methods named {@code on...} work on the sandbox's thread and must be called from inside
 * {@link #submit}; the others may be called from any thread.
 */
public final class LogicEngine implements AutoCloseable {

    private static final String PRELUDE = readPrelude();
    /** WeChat's API names as a JSON array, for the prelude's catch-all of the ones this runtime lacks. */
    private static final String WECHAT_API_NAMES = WeChatApiNames.json();

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atrium-timers");
        t.setDaemon(true);
        return t;
    });

    private final Sandbox sandbox;
    private final LogicHost host;
    private final WxsModules wxs;
    private final Map<Integer, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    /** All work queued or running, and of it the work that is not a timer tick. */
    private final Pending all = new Pending();

    private final Pending work = new Pending();
    /** Set by the prelude when it queued work for the end of the current callback; sandbox thread only. */
    private boolean soonQueued;

    /** Set when a callback was stopped by a budget: the next one first drops the queued work. */
    private boolean dropSoon;

    /** The prelude's dispatcher: set up by the constructor, dropped when the sandbox stops. */
    private volatile @Nullable Scriptable dispatcher;

    public LogicEngine(
            String miniProgramId, SandboxLimits limits, LogicHost host, Consumer<SandboxViolation> onViolation) {
        this.sandbox = new Sandbox(miniProgramId, limits, onViolation);
        this.host = host;
        this.wxs = new WxsModules(sandbox, host::log);
        sandbox.onStop(wxs::release);
        sandbox.runSetup((cx, global) -> {
                    Function prelude = (Function) cx.evaluateString(global, PRELUDE, "atrium:prelude.js", 1, null);
                    dispatcher =
                            (Scriptable) prelude.call(cx, global, global, new Object[] {bridge(cx, global), global});
                    return null;
                })
                .join();
        sandbox.countHostRetained(host::retainedBytes);
        // A stopped sandbox keeps nothing alive through the engine: timers go, and the prelude's
        // dispatcher (which reaches every page instance) is dropped.
        sandbox.onStop(() -> {
            cancelTimers();
            dispatcher = null;
        });
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /** The mini-program's WXS modules, which its templates' bindings call. */
    public WxsModules wxs() {
        return wxs;
    }

    /** Work on the sandbox's thread; a script error it ends with is also told to the host. */
    public <T> CompletableFuture<T> submit(Sandbox.Task<T> task) {
        return submit(task, false);
    }

    private <T> CompletableFuture<T> submit(Sandbox.Task<T> task, boolean timerTick) {
        all.begin();
        if (!timerTick) {
            work.begin();
        }
        // Promise jobs run before the callback ends, inside its budgets: Rhino drains them itself
        // only after a top-level script, and most work here is a call into the prelude.
        // Then what the prelude queued for right after the current code (nextTick and the like),
        // and the promise jobs that queues, until neither is left.
        Sandbox.Task<T> thenJobs = (cx, global) -> {
            if (dropSoon) {
                // The last callback was stopped by a budget while running queued work: what it
                // left queued (the work that broke the budget, likely) is dropped, not retried.
                dropSoon = false;
                soonQueued = false;
                Scriptable current = dispatcher;
                if (current != null) {
                    ScriptableObject.callMethod(cx, current, "dropSoon", new Object[0]);
                }
            }
            try {
                T value = task.run(cx, global);
                cx.processMicrotasks();
                runQueued(cx);
                return value;
            } catch (org.mozilla.javascript.EcmaError | org.mozilla.javascript.JavaScriptException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                dropSoon = true;
                throw e;
            }
        };
        return sandbox.run(thenJobs).whenComplete((value, failure) -> {
            if (!timerTick) {
                work.end();
            }
            Throwable cause =
                    failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof ScriptError error) {
                host.scriptFailed(error);
            }
            all.end();
        });
    }

    /**
     * Whether no work other than timer ticks is queued or running right now. (A repeating timer
     * may always have a tick due; a host waiting for it to be quiet would wait for ever.)
     */
    public boolean hasNoWorkButTimers() {
        return work.none();
    }

    /** Completes when no work but timer ticks is queued or running. */
    public CompletableFuture<Void> whenNoWorkButTimers() {
        return work.whenNone();
    }

    /** Completes when no work is queued or running (timers not yet due do not count). */
    public CompletableFuture<Void> whenIdle() {
        return all.whenNone();
    }

    /** A count of work under way, and a future that completes each time it falls to none. */
    private static final class Pending {
        private int count;
        private CompletableFuture<Void> none = CompletableFuture.completedFuture(null);

        synchronized void begin() {
            if (count++ == 0) {
                none = new CompletableFuture<>();
            }
        }

        synchronized void end() {
            if (--count == 0) {
                none.complete(null);
            }
        }

        synchronized boolean none() {
            return count == 0;
        }

        synchronized CompletableFuture<Void> whenNone() {
            return count == 0 ? CompletableFuture.completedFuture(null) : none.thenApply(v -> null);
        }
    }

    /** Runs the work the prelude queued for the end of the current callback, one item at a time. */
    private void runQueued(Context cx) {
        while (soonQueued) {
            soonQueued = false;
            boolean more = true;
            while (more) {
                Scriptable current = dispatcher;
                if (current == null) {
                    return;
                }
                try {
                    more = Boolean.TRUE.equals(ScriptableObject.callMethod(cx, current, "runOneSoon", new Object[0]));
                } catch (org.mozilla.javascript.EcmaError | org.mozilla.javascript.JavaScriptException e) {
                    // Deferred work failing is the mini-program's error, not the caller's: the page
                    // that asked for it still opens, as it would had the work run later.
                    host.scriptFailed(Sandbox.scriptError(e));
                }
                cx.processMicrotasks();
            }
        }
    }

    // ---- on the sandbox's thread ----

    /** Runs {@code app.js}, as a module of its own ({@code require} relative to it). */
    public void onAppScript(Context cx, String source, String name) {
        ScriptableObject.callMethod(
                cx, dispatcher, "runScript", new Object[] {name, ScriptModules.compile(cx, sandbox, name, source)});
    }

    /** Runs a page's script as a module; false when it did not call {@code Page()}. */
    public boolean onPageScript(Context cx, String path, String source, String name) {
        ScriptableObject.callMethod(cx, dispatcher, "definePage", new Object[] {path});
        ScriptableObject.callMethod(
                cx, dispatcher, "runScript", new Object[] {name, ScriptModules.compile(cx, sandbox, name, source)});
        return Boolean.TRUE.equals(ScriptableObject.callMethod(cx, dispatcher, "pageDefined", new Object[] {path}));
    }

    /**
     * Runs a component's script as a module; answers what its {@code Component()} declared for the
     * renderer ({@code {"externalClasses": [...]}} as JSON), or null when it did not call it.
     */
    public @Nullable String onComponentScript(Context cx, String path, String source, String name) {
        ScriptableObject.callMethod(cx, dispatcher, "defineComponent", new Object[] {path});
        ScriptableObject.callMethod(
                cx, dispatcher, "runScript", new Object[] {name, ScriptModules.compile(cx, sandbox, name, source)});
        Object declared = ScriptableObject.callMethod(cx, dispatcher, "componentDefined", new Object[] {path});
        return declared instanceof CharSequence text ? text.toString() : null;
    }

    /** Creates a component instance (its data is told through {@link LogicHost#pageData}) and runs {@code created}. */
    public void onCreateComponent(Context cx, int id, int pageId, String path, String propertiesJson) {
        ScriptableObject.callMethod(cx, dispatcher, "createComponent", new Object[] {id, pageId, path, propertiesJson});
    }

    /** The host element's properties, when they changed: set as data, and observed. */
    public void onComponentProperties(Context cx, int id, String propertiesJson) {
        ScriptableObject.callMethod(cx, dispatcher, "componentProperties", new Object[] {id, propertiesJson});
    }

    /** Runs a component's lifetime ({@code attached}, {@code ready}). */
    public void onComponentLifetime(Context cx, int id, String lifetime) {
        ScriptableObject.callMethod(cx, dispatcher, "componentLifetime", new Object[] {id, lifetime});
    }

    /**
     * Links the instance to those of its composed-tree ancestors ({@code ancestorsJson}, nearest
     * first) that it and they name in their {@code relations}, calling both sides' {@code linked}.
     */
    public void onComponentRelations(Context cx, int id, String ancestorsJson) {
        ScriptableObject.callMethod(cx, dispatcher, "componentRelations", new Object[] {id, ancestorsJson});
    }

    /** Runs {@code detached} and forgets the instance. */
    public void onDetachComponent(Context cx, int id) {
        ScriptableObject.callMethod(cx, dispatcher, "detachComponent", new Object[] {id});
    }

    public void onLaunch(Context cx, String optionsJson) {
        ScriptableObject.callMethod(cx, dispatcher, "launch", new Object[] {optionsJson});
    }

    public void onAppHook(Context cx, String hook, String argumentJson) {
        ScriptableObject.callMethod(
                cx, dispatcher, "appHook", new Object[] {hook, argumentJson == null ? Undefined.instance : argumentJson
                });
    }

    /** Creates the page instance and runs {@code onLoad(query)} and {@code onShow}. */
    public void onCreatePage(Context cx, int pageId, String path, String queryJson) {
        ScriptableObject.callMethod(cx, dispatcher, "createPage", new Object[] {pageId, path, queryJson});
    }

    public void onPageHook(Context cx, int pageId, String hook) {
        ScriptableObject.callMethod(cx, dispatcher, "pageHook", new Object[] {pageId, hook});
    }

    public void onUnloadPage(Context cx, int pageId) {
        ScriptableObject.callMethod(cx, dispatcher, "unloadPage", new Object[] {pageId});
    }

    /** Calls a page's event handler; false when the page has no such handler. */
    public boolean onEvent(Context cx, int pageId, String handler, String eventJson) {
        return Boolean.TRUE.equals(
                ScriptableObject.callMethod(cx, dispatcher, "event", new Object[] {pageId, handler, eventJson}));
    }

    // ---- from any thread ----

    /** Delivers an asynchronous API's result to its {@code success}/{@code fail}/{@code complete}. */
    public CompletableFuture<Void> deliver(int callbackId, boolean ok, String resultJson) {
        return submit((cx, global) -> {
            ScriptableObject.callMethod(cx, dispatcher, "callback", new Object[] {callbackId, ok, resultJson});
            return null;
        });
    }

    /** How many timers are pending. */
    public int pendingTimers() {
        return timers.size();
    }

    // ---- the native bridge the prelude holds ----

    private Scriptable bridge(Context cx, ScriptableObject global) {
        NativeObject bridge = new NativeObject();
        bridge.setPrototype(ScriptableObject.getObjectPrototype(global));
        define(bridge, global, "pageData", args -> {
            host.pageData(integer(args, 0), string(args, 1));
            return Undefined.instance;
        });
        define(bridge, global, "setData", args -> {
            String payload = string(args, 1);
            int limit = sandbox.limits().maxSetDataBytes();
            if (payload.length() > limit || payload.getBytes(StandardCharsets.UTF_8).length > limit) {
                throw sandbox.halt(
                        SandboxViolation.Kind.SET_DATA_SIZE, "setData payload is larger than " + limit + " bytes");
            }
            try {
                host.setData(integer(args, 0), payload);
            } catch (ApiFailure e) {
                throw ScriptRuntime.constructError("Error", e.getMessage());
            }
            return Undefined.instance;
        });
        define(bridge, global, "sync", args -> {
            try {
                String answer = host.callSync(string(args, 0), string(args, 1));
                return answer == null ? Undefined.instance : answer;
            } catch (ApiFailure e) {
                throw ScriptRuntime.constructError("Error", e.getMessage());
            }
        });
        define(bridge, global, "call", args -> {
            host.callAsync(string(args, 0), string(args, 1), integer(args, 2));
            return Undefined.instance;
        });
        define(bridge, global, "timer", args -> {
            addTimer(integer(args, 0), Context.toNumber(args[1]), Context.toBoolean(args[2]));
            return Undefined.instance;
        });
        define(bridge, global, "clearTimer", args -> {
            ScheduledFuture<?> timer = timers.remove(integer(args, 0));
            if (timer != null) {
                timer.cancel(false);
            }
            return Undefined.instance;
        });
        // A module's body, compiled from the package file the first time it is required; undefined
        // when the package has no such file. The path is checked here again, whatever the prelude
        // (whose built-ins a script may have replaced) resolved it to.
        define(bridge, global, "module", args -> {
            String path = string(args, 0);
            if (!ScriptModules.isModulePath(path)) {
                throw ScriptRuntime.constructError(
                        "Error", "require: \"" + path + "\" is not a script inside the package");
            }
            String source = host.script(path);
            return source == null
                    ? Undefined.instance
                    : ScriptModules.compile(Context.getCurrentContext(), sandbox, path, source);
        });
        define(bridge, global, "wechatApiNames", args -> WECHAT_API_NAMES);
        define(bridge, global, "trigger", args -> {
            host.triggerEvent(integer(args, 0), string(args, 1), string(args, 2));
            return Undefined.instance;
        });
        define(bridge, global, "soon", args -> {
            soonQueued = true;
            return Undefined.instance;
        });
        define(bridge, global, "log", args -> {
            host.log(string(args, 0), string(args, 1));
            return Undefined.instance;
        });
        bridge.preventExtensions();
        return bridge;
    }

    private void addTimer(int id, double requestedDelay, boolean repeat) {
        SandboxLimits limits = sandbox.limits();
        if (timers.size() >= limits.maxTimers()) {
            throw sandbox.halt(
                    SandboxViolation.Kind.TIMERS, "more than " + limits.maxTimers() + " timers pending at once");
        }
        long min = limits.minTimerDelay().toMillis();
        long delay = Double.isNaN(requestedDelay)
                ? min
                : Math.max(min, Math.min((long) requestedDelay, TimeUnit.DAYS.toMillis(1)));
        // A tick whose previous one is still queued or running is skipped, as browsers coalesce
        // them: an interval slower than its period never piles ticks up on the queue.
        AtomicBoolean queued = new AtomicBoolean();
        Runnable fire = () -> {
            if (!repeat) {
                timers.remove(id);
            }
            if (!queued.compareAndSet(false, true)) {
                return;
            }
            submit(
                            (cx, global) -> {
                                ScriptableObject.callMethod(cx, dispatcher, "timer", new Object[] {id});
                                return null;
                            },
                            true)
                    .whenComplete((v, failure) -> queued.set(false));
        };
        timers.put(
                id,
                repeat
                        ? TIMERS.scheduleWithFixedDelay(fire, delay, delay, TimeUnit.MILLISECONDS)
                        : TIMERS.schedule(fire, delay, TimeUnit.MILLISECONDS));
    }

    private void cancelTimers() {
        timers.values().forEach(t -> t.cancel(false));
        timers.clear();
    }

    private static void define(NativeObject bridge, ScriptableObject global, String name, NativeFunctions.Body body) {
        bridge.defineProperty(
                name, NativeFunctions.of(global, name, body), ScriptableObject.READONLY | ScriptableObject.PERMANENT);
    }

    private static String string(Object[] args, int i) {
        return i < args.length ? Context.toString(args[i]) : "";
    }

    private static int integer(Object[] args, int i) {
        return i < args.length ? (int) Context.toNumber(args[i]) : 0;
    }

    private static String readPrelude() {
        try (InputStream in = LogicEngine.class.getResourceAsStream("prelude.js")) {
            if (in == null) {
                throw new IllegalStateException("prelude.js is missing from the runtime SDK");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read prelude.js", e);
        }
    }

    @Override
    public void close() {
        cancelTimers();
        sandbox.close();
    }
}
