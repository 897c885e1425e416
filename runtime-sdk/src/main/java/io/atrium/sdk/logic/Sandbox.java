package io.atrium.sdk.logic;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.TopLevel;

/**
 * One mini-program's JavaScript: a Rhino context of its own, on a thread of its own, with global
 * objects of its own (so one mini-program's prototypes are not another's). Everything runs as a
 * callback through {@link #run}, each with fresh budgets and a watchdog.
 *
 * <p>Over the whole session, after each callback: the memory it keeps ({@link RetainedMemory},
 * walked only when what was allocated since the last walk could have taken it past its bound) and
 * its CPU over time (a leaky bucket: {@code cpuShare} of a core, with {@code cpuBurst} of slack). A
 * session past either is {@linkplain #stop stopped}: nothing more runs, queued work fails, and the
 * references to its objects are dropped so its memory can be collected while the host goes on.
 */
public final class Sandbox implements AutoCloseable {

    /** Work on the sandbox's thread, with its context and global scope. */
    @FunctionalInterface
    public interface Task<T> {
        /** May answer null: most tasks are run for their effect and answer nothing. */
        @Nullable
        T run(Context cx, ScriptableObject global);
    }

    private static final long MEMORY_SAMPLE_MS = 5;
    private static final java.time.Duration SETUP_TIME = java.time.Duration.ofSeconds(30);
    private static final ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(daemon("atrium-sandbox-watchdog"));
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String miniProgramId;
    private final SandboxLimits limits;
    private final SandboxContextFactory factory;
    private final Consumer<SandboxViolation> onViolation;
    private final ThreadPoolExecutor executor;
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private volatile LongSupplier hostRetained = () -> 0;
    private volatile @Nullable Thread thread;
    private volatile boolean dead;
    /** Why the sandbox was stopped; null until it is. */
    private volatile SandboxViolation.@Nullable Kind killedFor;

    private volatile @Nullable String stopReason;
    /** Set when the host stopped the sandbox and has reported why: what the stop itself causes is not reported again. */
    private volatile boolean stoppedByHost;
    /** The sandbox thread's context and scope: set up by the constructor, null once released. */
    private volatile @Nullable Context cx;

    private volatile @Nullable ScriptableObject global;

    /**
     * Scopes of the mini-program's own made beside its global ({@link #isolatedScope}) and what
     * hangs off them: counted with the global toward its retained memory, dropped when it stops.
     */
    private final List<Object> isolated = new CopyOnWriteArrayList<>();

    // Session bounds, on the sandbox's thread only.
    private long retainedAtWalk;
    private long allocatedAtWalk;
    private long cpuAtWalkEnd;
    private long lastWalkCpu;
    private long cpuDebtNanos;
    private long cpuCheckedAt = System.nanoTime();

    public Sandbox(String miniProgramId, SandboxLimits limits, Consumer<SandboxViolation> onViolation) {
        this.miniProgramId = miniProgramId;
        this.limits = limits;
        this.factory = new SandboxContextFactory(miniProgramId, limits);
        this.onViolation = onViolation;
        // One thread, and a bounded queue: a mini-program that queues work faster than it runs it is
        // refused (BACKLOG) instead of growing the host's heap.
        this.executor = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.maxQueuedCallbacks()), r -> {
                    Thread t = new Thread(r, "atrium-mp-" + miniProgramId);
                    t.setDaemon(true);
                    thread = t;
                    return t;
                });
        CompletableFuture.runAsync(
                        () -> {
                            Context context = factory.enterContext();
                            cx = context;
                            factory.startCallback(SETUP_TIME);
                            // A TopLevel caches the real built-in constructors, which Rhino itself keeps using after
                            // lockDown.
                            ScriptableObject scope = context.initSafeStandardObjects(new TopLevel(), false);
                            global = scope;
                            lockDown(context, scope);
                        },
                        executor)
                .join();
    }

    /**
     * Memory the host keeps for this session outside its scripts (page data), counted toward
     * {@link SandboxLimits#retainedBytes()}; read on the sandbox's thread after callbacks.
     */
    public void countHostRetained(LongSupplier bytes) {
        this.hostRetained = bytes;
    }

    /** Runs once when the sandbox stops for good (a broken bound, a kill, or close), to drop references. */
    public void onStop(Runnable hook) {
        onStop.add(hook);
    }

    public String miniProgramId() {
        return miniProgramId;
    }

    public SandboxLimits limits() {
        return limits;
    }

    /** Whether the sandbox was stopped for good (after a callback had to be killed). */
    public boolean isDead() {
        return dead;
    }

    /**
     * Runs a callback on the sandbox's thread. The future fails with a {@link SandboxViolation} when
     * a budget runs out or the script tries to leave the sandbox (the host is told too), and with a
     * {@link ScriptError} when the script itself fails.
     */
    public <T> CompletableFuture<T> run(Task<T> task) {
        return run(task, limits.timePerCallback());
    }

    /**
     * Runs the runtime's own set-up (the framework prelude) under a time of its own, so a tight
     * per-callback budget does not fail a start on a cold or busy JVM. Instruction and memory
     * budgets still hold.
     */
    <T> CompletableFuture<T> runSetup(Task<T> task) {
        return run(task, SETUP_TIME);
    }

    private <T> CompletableFuture<T> run(Task<T> task, java.time.Duration time) {
        if (dead) {
            return CompletableFuture.failedFuture(stopped());
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean setup = time == SETUP_TIME;
        Runnable job = () -> {
            // A stop marks the sandbox dead before it releases the context and scope: one released
            // since the check is dead too, and fails the same way.
            Context context = cx;
            ScriptableObject scope = global;
            if (dead || context == null || scope == null) {
                result.completeExceptionally(stopped());
                return;
            }
            factory.startCallback(time);
            long cpuAtStart = THREADS.getCurrentThreadCpuTime();
            Thread current = Thread.currentThread();
            long limit = time.toMillis();
            ScheduledFuture<?> soft = WATCHDOG.schedule(factory::markOverTime, limit, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> hard = WATCHDOG.schedule(
                    () -> kill(current, SandboxViolation.Kind.TIME_BUDGET), 2 * limit + 500, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> memory = WATCHDOG.scheduleAtFixedRate(
                    () -> sampleMemory(current), MEMORY_SAMPLE_MS, MEMORY_SAMPLE_MS, TimeUnit.MILLISECONDS);
            // The callback's own outcome; the session's bounds are checked after it, however it ended.
            CompletableFuture<T> outcome = new CompletableFuture<>();
            try {
                outcome.complete(task.run(context, scope));
            } catch (SandboxHalt halt) {
                fail(outcome, halt.violation);
            } catch (ThreadDeath death) {
                fail(
                        outcome,
                        killedFor == SandboxViolation.Kind.MEMORY_BUDGET
                                ? new SandboxViolation(
                                        SandboxViolation.Kind.MEMORY_BUDGET,
                                        miniProgramId,
                                        "the callback kept allocating past " + (limits.bytesPerCallback() >> 20)
                                                + " MiB and was killed; the mini-program is stopped")
                                : new SandboxViolation(
                                        SandboxViolation.Kind.TIME_BUDGET,
                                        miniProgramId,
                                        "the callback did not stop within " + (2 * limit + 500)
                                                + " ms and was killed; the mini-program is stopped"));
            } catch (StackOverflowError e) {
                fail(
                        outcome,
                        new SandboxViolation(
                                SandboxViolation.Kind.STACK_DEPTH, miniProgramId, "calls nested too deep"));
            } catch (OutOfMemoryError e) {
                fail(
                        outcome,
                        new SandboxViolation(
                                SandboxViolation.Kind.MEMORY_BUDGET,
                                miniProgramId,
                                "the callback tried to allocate more memory than there is"));
            } catch (EvaluatorException e) {
                if (String.valueOf(e.details()).contains("maximum stack depth")) {
                    fail(
                            outcome,
                            new SandboxViolation(
                                    SandboxViolation.Kind.STACK_DEPTH,
                                    miniProgramId,
                                    "calls nested deeper than " + limits.maxStackDepth()));
                } else {
                    outcome.completeExceptionally(scriptError(e));
                }
            } catch (RhinoException e) {
                outcome.completeExceptionally(scriptError(e));
            } catch (SandboxViolation e) {
                fail(outcome, e);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            } finally {
                soft.cancel(false);
                hard.cancel(false);
                memory.cancel(false);
            }
            // A callback stopped by its own budget is charged its CPU and its memory too: otherwise
            // a timer that loops until stopped, or keeps memory and then loops, escaped both bounds.
            SandboxViolation broken = setup || dead ? null : sessionBoundBroken(cpuAtStart);
            if (broken != null) {
                // Stopped first, so that whoever sees the failure also sees the session closed.
                stop(broken.kind(), broken.getMessage(), false);
                fail(result, broken);
            } else {
                outcome.whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
            }
        };
        try {
            executor.execute(new Job(job, result));
        } catch (RejectedExecutionException e) {
            if (dead) {
                return CompletableFuture.failedFuture(stopped());
            }
            SandboxViolation backlog = new SandboxViolation(
                    SandboxViolation.Kind.BACKLOG,
                    miniProgramId,
                    "more than " + limits.maxQueuedCallbacks() + " callbacks are waiting; this one was refused");
            onViolation.accept(backlog);
            return CompletableFuture.failedFuture(backlog);
        }
        return result;
    }

    /**
     * The mini-program's error at its own place: one the framework threw on its behalf (a module
     * that cannot be found, a bad setData key) is told at the mini-program's line that called it,
     * not at the runtime's.
     */
    static ScriptError scriptError(RhinoException e) {
        String source = e.sourceName();
        int line = e.lineNumber();
        if (source == null || source.startsWith(RUNTIME_SOURCE)) {
            for (org.mozilla.javascript.ScriptStackElement frame : e.getScriptStack()) {
                if (frame.fileName != null && !frame.fileName.startsWith(RUNTIME_SOURCE)) {
                    source = frame.fileName;
                    line = frame.lineNumber;
                    break;
                }
            }
        }
        return new ScriptError(e.details(), source, line);
    }

    /** The prefix of the source names of the runtime's own scripts. */
    static final String RUNTIME_SOURCE = "atrium:";

    /** Queued work, so that work still queued when the sandbox stops can be failed rather than forgotten. */
    private record Job(Runnable body, CompletableFuture<?> result) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }

    private SandboxViolation stopped() {
        SandboxViolation.Kind kind = killedFor;
        if (kind == null) {
            return new SandboxViolation(
                    SandboxViolation.Kind.UNRESPONSIVE,
                    miniProgramId,
                    "the mini-program " + miniProgramId + " is closed");
        }
        return new SandboxViolation(
                kind, miniProgramId, "the mini-program was stopped (" + stopReason + "); launch it again");
    }

    /**
     * The session-wide bounds, after a callback: CPU over time, then retained memory. Memory is
     * walked only when the bytes allocated since the last walk could have taken what is kept past
     * the bound (what is kept can only grow by what is allocated), so a session well inside its
     * bound costs two counter reads per callback.
     */
    /** The bound the session broke, or null when it is within them (or its scope is gone). */
    private @Nullable SandboxViolation sessionBoundBroken(long cpuAtStart) {
        ScriptableObject scope = global;
        if (scope == null) {
            return null;
        }
        long now = System.nanoTime();
        long used = Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuAtStart);
        long earned = (long) ((now - cpuCheckedAt) * limits.cpuShare());
        cpuCheckedAt = now;
        cpuDebtNanos = Math.max(0, cpuDebtNanos - earned) + used;
        if (cpuDebtNanos > limits.cpuBurst().toNanos()) {
            return new SandboxViolation(
                    SandboxViolation.Kind.CPU_SHARE,
                    miniProgramId,
                    "the session used more than " + Math.round(limits.cpuShare() * 100) + "% of a core for too long ("
                            + (cpuDebtNanos / 1_000_000) + " ms over its share)");
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long host = hostRetained.getAsLong();
        long cpu = THREADS.getCurrentThreadCpuTime();
        // Walks take at most a tenth of the session's CPU: after a walk that took w, the next waits
        // until the session has run 9 w more, unless what it may keep has reached twice its bound.
        // So a session is stopped past its bound, and never past twice it; one allocating little
        // is walked when it could first have passed the bound.
        long couldKeep = retainedAtWalk + (allocated - allocatedAtWalk) + host;
        if (couldKeep > limits.retainedBytes()
                && (cpu - cpuAtWalkEnd >= 9 * lastWalkCpu || couldKeep > 2 * limits.retainedBytes())) {
            long walkStart = cpu;
            Object roots = isolated.isEmpty() ? scope : List.of(scope, List.copyOf(isolated));
            long kept = RetainedMemory.of(roots, limits.retainedBytes()) + host;
            retainedAtWalk = kept - host;
            allocatedAtWalk = THREADS.getCurrentThreadAllocatedBytes();
            cpuAtWalkEnd = THREADS.getCurrentThreadCpuTime();
            lastWalkCpu = cpuAtWalkEnd - walkStart;
            // The walk is the session's cost too: forced walks could otherwise burn CPU unseen.
            cpuDebtNanos += lastWalkCpu;
            if (kept > limits.retainedBytes()) {
                return new SandboxViolation(
                        SandboxViolation.Kind.RETAINED_MEMORY,
                        miniProgramId,
                        "the session keeps more than " + (limits.retainedBytes() >> 20) + " MiB between callbacks");
            }
        }
        return null;
    }

    /**
     * Stops the sandbox for good from any thread: nothing more runs (a callback already running
     * ends at its next budget check, or is killed by its watchdog), queued work fails with the
     * reason, and every reference to the session's objects is dropped.
     */
    public void stop(SandboxViolation.Kind kind, String reason) {
        stop(kind, reason, true);
    }

    private void stop(SandboxViolation.Kind kind, @Nullable String reason, boolean byHost) {
        synchronized (this) {
            if (dead && killedFor != null) {
                return;
            }
            killedFor = kind;
            stopReason = reason;
            dead = true;
            stoppedByHost = byHost;
        }
        // A callback still running ends at its next instruction check.
        factory.markOverTime();
        release();
    }

    private void release() {
        global = null;
        isolated.clear();
        // The context remembers the last interpreter frame (and so a scope) between calls.
        cx = null;
        for (Runnable queued : executor.shutdownNow()) {
            if (queued instanceof Job job) {
                job.result().completeExceptionally(stopped());
            }
        }
        runStopHooks();
    }

    private void runStopHooks() {
        onStop.forEach(hook -> {
            try {
                hook.run();
            } catch (RuntimeException e) {
                // Dropping references cannot be allowed to keep the session alive.
            }
        });
        onStop.clear();
    }

    /** Evaluates a script in the global scope. */
    public CompletableFuture<Object> evaluate(String source, String name) {
        return run((cx, global) -> cx.evaluateString(global, source, name, 1, null));
    }

    /** The global scope; only for the sandbox's own thread, and null once the sandbox stopped. */
    @Nullable
    ScriptableObject global() {
        return global;
    }

    /**
     * A global scope of its own for code that must not see the mini-program's globals (WXS modules:
     * no {@code wx}, no {@code Page}, no page data), on the sandbox's thread: the standard objects,
     * locked down exactly as the global is, under the same budgets (it runs in the same callbacks).
     * What it and {@code keep} reach counts toward the session's retained memory.
     */
    ScriptableObject isolatedScope(Context cx, List<Object> keep) {
        ScriptableObject scope = cx.initSafeStandardObjects(new TopLevel(), false);
        lockDown(cx, scope);
        isolated.add(scope);
        isolated.add(keep);
        return scope;
    }

    /** Stops the running callback with a violation (from a native function the script called). */
    Error halt(SandboxViolation.Kind kind, String message) {
        return factory.halt(kind, message);
    }

    private void fail(CompletableFuture<?> result, SandboxViolation violation) {
        if (!stoppedByHost) {
            onViolation.accept(violation);
        }
        result.completeExceptionally(violation);
    }

    /**
     * Last resort for a callback that ignores its budget (Rhino's regular expressions and some
     * built-ins run without instruction checks): stop this mini-program's own thread. Nothing else
     * runs on it, so nothing else is hurt; the sandbox is dead afterwards.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private void kill(Thread running, SandboxViolation.Kind reason) {
        synchronized (this) {
            if (dead) {
                return;
            }
            killedFor = reason;
            stopReason = reason == SandboxViolation.Kind.MEMORY_BUDGET
                    ? "a callback kept allocating past its budget"
                    : "a callback ignored its time budget";
            dead = true;
        }
        // Only the mini-program's own code runs on this thread: the host's handlers and listeners
        // run on the runtime's host thread, so a stop here can never land inside host code.
        try {
            running.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+ has no Thread.stop: the thread cannot be forced. The sandbox is dead to the
            // host all the same (nothing more is queued on it) and the thread is left to finish.
            running.interrupt();
        }
        release();
    }

    /**
     * Between observations: past the budget, the next observation stops the callback; far past it
     * (a built-in allocating without executing instructions), the thread is killed before it can
     * hurt the host's heap.
     */
    private void sampleMemory(Thread running) {
        long allocated = factory.allocatedBy(running);
        if (allocated > limits.bytesPerCallback()) {
            factory.markOverMemory();
        }
        if (allocated > 2 * limits.bytesPerCallback()) {
            kill(running, SandboxViolation.Kind.MEMORY_BUDGET);
        }
    }

    /**
     * Removes every way out the safe standard objects still leave: dynamic code ({@code eval}, the
     * {@code Function} constructors), and gives the usual Java-bridge names a clear refusal.
     */
    private void lockDown(Context cx, ScriptableObject global) {
        Scriptable functionPrototype = ScriptableObject.getFunctionPrototype(global);
        Refusal dynamic = new Refusal("compiling code at run time (eval, Function) is not allowed", false);
        // Every function prototype's constructor compiles code: Function's, and GeneratorFunction's
        // (whose 'constructor' is read-only, so it is redefined rather than assigned).
        Function seal = (Function) cx.evaluateString(
                global,
                "(function (refusal) {"
                        + " [Function.prototype, Object.getPrototypeOf(function* () {})].forEach(function (p) {"
                        + "   Object.defineProperty(p, 'constructor', {value: refusal, writable: false, enumerable: false, configurable: false});"
                        + " });"
                        + "})",
                RUNTIME_SOURCE + "lockdown",
                1,
                null);
        seal.call(cx, global, global, new Object[] {dynamic});
        dynamic.setPrototype(functionPrototype);
        dynamic.setImmunePrototypeProperty(functionPrototype);
        // Nothing may be kept on a refusal (eval.k = '...'): it is the runtime's, not the script's.
        dynamic.preventExtensions();
        global.defineProperty(
                "Function",
                dynamic,
                ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        global.defineProperty(
                "eval", dynamic, ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        for (String name : new String[] {
            "Packages",
            "java",
            "javax",
            "org",
            "com",
            "net",
            "JavaAdapter",
            "JavaImporter",
            "importPackage",
            "importClass",
            "getClass",
            "load",
            "loadClass",
            "defineClass",
            "spawn",
            "sync",
            "runCommand"
        }) {
            Refusal refusal = new Refusal("'" + name + "' reaches Java, which mini-programs may not", true);
            refusal.setPrototype(functionPrototype);
            refusal.preventExtensions();
            global.defineProperty(
                    name, refusal, ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        }
        Scriptable objectPrototype = ScriptableObject.getObjectPrototype(global);
        Refusal getClass = new Refusal("'getClass' reaches Java, which mini-programs may not", true);
        getClass.setPrototype(functionPrototype);
        getClass.preventExtensions();
        ((ScriptableObject) objectPrototype)
                .defineProperty("getClass", getClass, ScriptableObject.DONTENUM | ScriptableObject.READONLY);
        reduceToAllowlist(global);
    }

    /**
     * The standard globals a mini-program gets (ECMAScript's, as WeChat's engine has them), plus
     * the refusals above. Rhino adds its own on top (Script, Continuation, With, Call,
     * __GeneratorFunction, Iterator, uneval, ...), some of which compile code at run time; whatever
     * is not listed here is removed, so a newer Rhino cannot add a way out unnoticed.
     */
    public static final java.util.Set<String> STANDARD_GLOBALS = java.util.Set.of(
            "Object",
            "Function",
            "Array",
            "String",
            "Boolean",
            "Number",
            "BigInt",
            "Symbol",
            "Date",
            "Math",
            "JSON",
            "RegExp",
            "Error",
            "AggregateError",
            "EvalError",
            "RangeError",
            "ReferenceError",
            "SyntaxError",
            "TypeError",
            "URIError",
            "Map",
            "Set",
            "WeakMap",
            "WeakSet",
            "Promise",
            "Proxy",
            "Reflect",
            "ArrayBuffer",
            "DataView",
            "Int8Array",
            "Uint8Array",
            "Uint8ClampedArray",
            "Int16Array",
            "Uint16Array",
            "Int32Array",
            "Uint32Array",
            "BigInt64Array",
            "BigUint64Array",
            "Float32Array",
            "Float64Array",
            "decodeURI",
            "decodeURIComponent",
            "encodeURI",
            "encodeURIComponent",
            "escape",
            "unescape",
            "isFinite",
            "isNaN",
            "parseFloat",
            "parseInt",
            "NaN",
            "Infinity",
            "undefined",
            "globalThis",
            "eval",
            // Refusals: touching them stops the script with an escape violation.
            "Packages",
            "java",
            "javax",
            "org",
            "com",
            "net",
            "JavaAdapter",
            "JavaImporter",
            "importPackage",
            "importClass",
            "getClass",
            "load",
            "loadClass",
            "defineClass",
            "spawn",
            "sync",
            "runCommand");

    private static void reduceToAllowlist(ScriptableObject global) {
        for (Object id : global.getAllIds()) {
            if (id instanceof String name && !STANDARD_GLOBALS.contains(name)) {
                // Rhino marks some of its own globals permanent; clear that first so delete takes.
                global.setAttributes(name, ScriptableObject.EMPTY);
                global.delete(name);
                if (global.has(name, global)) {
                    throw new IllegalStateException("the global '" + name + "' could not be removed from the sandbox");
                }
            }
        }
    }

    /**
     * A function that stops the script with an escape violation, however it is called; for the
     * Java-bridge names, touching any property of it (as in {@code Packages.java}) stops it too.
     */
    private final class Refusal extends BaseFunction {
        private final String message;
        private final boolean refuseAccess;

        Refusal(String message, boolean refuseAccess) {
            this.message = message;
            this.refuseAccess = refuseAccess;
        }

        @Override
        public Object get(String name, Scriptable start) {
            if (refuseAccess) {
                throw factory.halt(SandboxViolation.Kind.ESCAPE, message);
            }
            return super.get(name, start);
        }

        @Override
        public Object get(int index, Scriptable start) {
            if (refuseAccess) {
                throw factory.halt(SandboxViolation.Kind.ESCAPE, message);
            }
            return super.get(index, start);
        }

        @Override
        public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
            throw factory.halt(SandboxViolation.Kind.ESCAPE, message);
        }

        @Override
        public Scriptable construct(Context cx, Scriptable scope, Object[] args) {
            throw factory.halt(SandboxViolation.Kind.ESCAPE, message);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (dead) {
                return;
            }
            dead = true;
        }
        try {
            executor.execute(() -> {
                if (Context.getCurrentContext() != null) {
                    Context.exit();
                }
            });
        } catch (RejectedExecutionException e) {
            // A full queue: the thread ends with the executor, and its context with it.
        }
        executor.shutdown();
        global = null;
        runStopHooks();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
