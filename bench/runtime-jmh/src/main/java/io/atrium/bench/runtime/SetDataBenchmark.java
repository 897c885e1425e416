package io.atrium.bench.runtime;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.PageView;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * {@code setData} to re-rendered view on a 200-element page: a tap from the host, the handler's
 * {@code setData} with a path key, the re-render, the diff into patches and the new PageView, as the
 * host waits for it. Target: p50 at most 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SetDataBenchmark {

    // JMH runs setUp() (Level.Trial) on this state before any benchmark method reads these.
    @SuppressWarnings("NullAway.Init")
    private AtriumRuntime runtime;

    @SuppressWarnings("NullAway.Init")
    private MiniProgramSession session;

    @Setup(Level.Trial)
    public void setUp() {
        Samples samples = new Samples();
        runtime = samples.runtime(Samples.tempDir());
        session = samples.launch(runtime);
        // The template's elements, not counting the runtime's own page root.
        long elements = session.currentPage().html().split("<(div|span|button)[ >]").length - 2;
        if (elements != 200) {
            throw new IllegalStateException("the bench page should have 200 elements, not " + elements);
        }
    }

    @Benchmark
    public PageView setDataToView() throws InterruptedException, ExecutionException, TimeoutException {
        return session.tap("inc").get(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }
}
