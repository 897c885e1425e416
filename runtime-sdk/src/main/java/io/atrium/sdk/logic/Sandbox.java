package io.atrium.sdk.logic;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 */
public final class Sandbox implements AutoCloseable {

    /** Work on the sandbox's thread, with its context and global scope. */
    @FunctionalInterface
    public interface Task<T> {
        T run(Context cx, ScriptableObject global);
    }

    private static final long MEMORY_SAMPLE_MS = 5;
    private static final java.time.Duration SETUP_TIME = java.time.Duration.ofSeconds(30);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(daemon("atrium-sandbox-watchdog"));

    private final String miniProgramId;
    private final SandboxLimits limits;
    private final SandboxContextFactory factory;
    private final Consumer<SandboxViolation> onViolation;
    private final ExecutorService executor;
    private volatile Thread thread;
    private volatile boolean dead;
    private volatile SandboxViolation.Kind killedFor;
    private Context cx;
    private ScriptableObject global;

    public Sandbox(String miniProgramId, SandboxLimits limits, Consumer<SandboxViolation> onViolation) {
        this.miniProgramId = miniProgramId;
        this.limits = limits;
        this.factory = new SandboxContextFactory(miniProgramId, limits);
        this.onViolation = onViolation;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "atrium-mp-" + miniProgramId);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        CompletableFuture.runAsync(() -> {
            cx = factory.enterContext();
            factory.startCallback(SETUP_TIME);
            // A TopLevel caches the real built-in constructors, which Rhino itself keeps using after lockDown.
            global = cx.initSafeStandardObjects(new TopLevel(), false);
            lockDown();
        }, executor).join();
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
            return CompletableFuture.failedFuture(killedFor == null ? new IllegalStateException("the mini-program " + miniProgramId + " is closed")
                    : new SandboxViolation(killedFor, miniProgramId, "the mini-program was stopped after it broke a limit; launch it again"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.submit(() -> {
            factory.startCallback(time);
            Thread current = Thread.currentThread();
            long limit = time.toMillis();
            ScheduledFuture<?> soft = WATCHDOG.schedule(factory::markOverTime, limit, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> hard = WATCHDOG.schedule(() -> kill(current, SandboxViolation.Kind.TIME_BUDGET), 2 * limit + 500,
                    TimeUnit.MILLISECONDS);
            ScheduledFuture<?> memory = WATCHDOG.scheduleAtFixedRate(() -> sampleMemory(current), MEMORY_SAMPLE_MS, MEMORY_SAMPLE_MS,
                    TimeUnit.MILLISECONDS);
            try {
                result.complete(task.run(cx, global));
            } catch (SandboxHalt halt) {
                fail(result, halt.violation);
            } catch (ThreadDeath death) {
                fail(result, killedFor == SandboxViolation.Kind.MEMORY_BUDGET
                        ? new SandboxViolation(SandboxViolation.Kind.MEMORY_BUDGET, miniProgramId, "the callback kept allocating past "
                                + (limits.bytesPerCallback() >> 20) + " MiB and was killed; the mini-program is stopped")
                        : new SandboxViolation(SandboxViolation.Kind.TIME_BUDGET, miniProgramId,
                                "the callback did not stop within " + (2 * limit + 500) + " ms and was killed; the mini-program is stopped"));
            } catch (StackOverflowError e) {
                fail(result, new SandboxViolation(SandboxViolation.Kind.STACK_DEPTH, miniProgramId, "calls nested too deep"));
            } catch (OutOfMemoryError e) {
                fail(result, new SandboxViolation(SandboxViolation.Kind.MEMORY_BUDGET, miniProgramId,
                        "the callback tried to allocate more memory than there is"));
            } catch (EvaluatorException e) {
                if (String.valueOf(e.details()).contains("maximum stack depth")) {
                    fail(result, new SandboxViolation(SandboxViolation.Kind.STACK_DEPTH, miniProgramId,
                            "calls nested deeper than " + limits.maxStackDepth()));
                } else {
                    result.completeExceptionally(new ScriptError(e.details(), e.sourceName(), e.lineNumber()));
                }
            } catch (RhinoException e) {
                result.completeExceptionally(new ScriptError(e.details(), e.sourceName(), e.lineNumber()));
            } catch (SandboxViolation e) {
                fail(result, e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                soft.cancel(false);
                hard.cancel(false);
                memory.cancel(false);
            }
        });
        return result;
    }

    /** Evaluates a script in the global scope. */
    public CompletableFuture<Object> evaluate(String source, String name) {
        return run((cx, global) -> cx.evaluateString(global, source, name, 1, null));
    }

    /** The global scope; only for the sandbox's own thread. */
    ScriptableObject global() {
        return global;
    }

    /** Stops the running callback with a violation (from a native function the script called). */
    Error halt(SandboxViolation.Kind kind, String message) {
        return factory.halt(kind, message);
    }

    private void fail(CompletableFuture<?> result, SandboxViolation violation) {
        onViolation.accept(violation);
        result.completeExceptionally(violation);
    }

    /**
     * Last resort for a callback that ignores its budget (Rhino's regular expressions and some
     * built-ins run without instruction checks): stop this mini-program's own thread. Nothing else
     * runs on it, so nothing else is hurt; the sandbox is dead afterwards.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private void kill(Thread running, SandboxViolation.Kind reason) {
        if (dead) {
            return;
        }
        killedFor = reason;
        dead = true;
        try {
            running.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+ has no Thread.stop: the thread cannot be forced. The sandbox is dead to the
            // host all the same (nothing more is queued on it) and the thread is left to finish.
            running.interrupt();
        }
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
    private void lockDown() {
        Scriptable functionPrototype = ScriptableObject.getFunctionPrototype(global);
        Refusal dynamic = new Refusal("compiling code at run time (eval, Function) is not allowed", false);
        // Every function prototype's constructor compiles code: Function's, and GeneratorFunction's
        // (whose 'constructor' is read-only, so it is redefined rather than assigned).
        Function seal = (Function) cx.evaluateString(global, "(function (refusal) {"
                + " [Function.prototype, Object.getPrototypeOf(function* () {})].forEach(function (p) {"
                + "   Object.defineProperty(p, 'constructor', {value: refusal, writable: false, enumerable: false, configurable: false});"
                + " });"
                + "})", "lockdown", 1, null);
        seal.call(cx, global, global, new Object[] {dynamic});
        dynamic.setPrototype(functionPrototype);
        dynamic.setImmunePrototypeProperty(functionPrototype);
        global.defineProperty("Function", dynamic, ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        global.defineProperty("eval", dynamic, ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        for (String name : new String[] {"Packages", "java", "javax", "org", "com", "net", "JavaAdapter", "JavaImporter", "importPackage",
                "importClass", "getClass", "load", "loadClass", "defineClass", "spawn", "sync", "runCommand"}) {
            Refusal refusal = new Refusal("'" + name + "' reaches Java, which mini-programs may not", true);
            refusal.setPrototype(functionPrototype);
            global.defineProperty(name, refusal, ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
        }
        Scriptable objectPrototype = ScriptableObject.getObjectPrototype(global);
        Refusal getClass = new Refusal("'getClass' reaches Java, which mini-programs may not", true);
        getClass.setPrototype(functionPrototype);
        ((ScriptableObject) objectPrototype).defineProperty("getClass", getClass, ScriptableObject.DONTENUM | ScriptableObject.READONLY);
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
        dead = true;
        executor.submit(() -> {
            if (Context.getCurrentContext() != null) {
                Context.exit();
            }
        });
        executor.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
