package io.atrium.bench.runtime;

import io.atrium.sdk.logic.Sandbox;
import io.atrium.sdk.logic.SandboxLimits;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.ScriptableObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same script, bare in Rhino (interpreted, ES6, standard objects, no observer) and inside the
 * sandbox (its own thread, instruction observer, budgets, watchdog, lock-down). Target: sandbox
 * over bare at most 1.5.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SandboxOverheadBenchmark {

    static final String SCRIPT = """
            (function () {
              var rows = [], sum = 0;
              for (var i = 0; i < 20000; i++) {
                rows.push({ id: i, name: 'row ' + i, tags: [i % 3, i % 5] });
                sum += rows[i].tags[0] + rows[i].name.length;
              }
              var byTag = {};
              rows.forEach(function (r) { (byTag[r.tags[1]] = byTag[r.tags[1]] || []).push(r.id); });
              var text = JSON.stringify(rows.slice(0, 500));
              return sum + Object.keys(byTag).length + JSON.parse(text).length + text.replace(/row/g, 'R').length;
            })()
            """;

    private final ContextFactory bareFactory = new ContextFactory() {
        @Override
        protected Context makeContext() {
            Context cx = super.makeContext();
            cx.setInterpretedMode(true);
            cx.setLanguageVersion(Context.VERSION_ES6);
            return cx;
        }
    };
    // JMH runs setUp() (Level.Trial) on this state before any benchmark method reads these.
    @SuppressWarnings("NullAway.Init")
    private ScriptableObject bareScope;

    @SuppressWarnings("NullAway.Init")
    private Script bareScript;

    @SuppressWarnings("NullAway.Init")
    private Sandbox sandbox;

    @SuppressWarnings("NullAway.Init")
    private Script sandboxScript;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (Context cx = bareFactory.enterContext()) {
            bareScope = cx.initStandardObjects();
            bareScript = cx.compileString(SCRIPT, "bench.js", 1, null);
        }
        // The benchmark runs the script back to back on purpose: the session's CPU share (half a
        // core by default) is lifted, every other bound and budget stays, and so does its check.
        SandboxLimits limits = SandboxLimits.DEFAULT.withSessionBounds(
                SandboxLimits.DEFAULT_SETTLE_TIME,
                SandboxLimits.DEFAULT_RETAINED_BYTES,
                1.0,
                java.time.Duration.ofHours(1));
        sandbox = new Sandbox("mp-bench", limits, v -> {
            throw new IllegalStateException("the benchmark script broke a limit: " + v.getMessage());
        });
        sandboxScript = sandbox.run((cx, global) -> cx.compileString(SCRIPT, "bench.js", 1, null))
                .get();
    }

    @Benchmark
    public Object bare() {
        return bareFactory.call(cx -> bareScript.exec(cx, bareScope));
    }

    @Benchmark
    public Object sandboxed() throws InterruptedException, ExecutionException, TimeoutException {
        return sandbox.run((cx, global) -> sandboxScript.exec(cx, global)).get(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sandbox.close();
    }
}
