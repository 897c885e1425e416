package io.atrium.bench.runtime;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.MiniProgramSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Cold start of the 10-page sample, after JVM warm-up: verify the signature and every hash, unwrap
 * the data key, start the sandbox, decrypt and run app.js and the first page's script
 * ({@code onLoad}), and render the first page. Target: at most 50 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBenchmark {

    // JMH runs setUp() (Level.Trial) on this state before any benchmark method reads these.
    @SuppressWarnings("NullAway.Init")
    private Samples samples;

    @SuppressWarnings("NullAway.Init")
    private AtriumRuntime runtime;

    private final List<MiniProgramSession> started = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        samples = new Samples();
        runtime = samples.runtime(Samples.tempDir());
    }

    @Benchmark
    public String coldStart() {
        MiniProgramSession session = samples.launch(runtime);
        started.add(session);
        return session.currentPage().html();
    }

    @TearDown(Level.Iteration)
    public void closeSessions() {
        started.forEach(MiniProgramSession::close);
        started.clear();
    }
}
