package io.atrium.bench.runtime;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.PageView;
import java.util.ArrayList;
import java.util.List;
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
 * The modules-and-components sample ({@link ComponentSamples}): cold start (verify, decrypt, run
 * app.js and the entry page with their module chains, create {@value ComponentSamples#CARDS} x 2
 * component instances, run their lifetimes, render), and the per-render cost of that page: a tap
 * whose {@code setData} changes one card's property, re-rendering the page with every component.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ComponentPageBenchmark {

    @State(Scope.Thread)
    public static class Cold {
        @SuppressWarnings("NullAway.Init")
        Samples samples;

        @SuppressWarnings("NullAway.Init")
        AtriumRuntime runtime;

        final List<MiniProgramSession> started = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() {
            samples = new Samples(ComponentSamples.files());
            runtime = samples.runtime(Samples.tempDir());
            checkPage(samples.launch(runtime));
        }

        @TearDown(Level.Iteration)
        public void closeSessions() {
            started.forEach(MiniProgramSession::close);
            started.clear();
        }
    }

    @State(Scope.Benchmark)
    public static class Warm {
        @SuppressWarnings("NullAway.Init")
        MiniProgramSession session;

        @Setup(Level.Trial)
        public void setUp() {
            Samples samples = new Samples(ComponentSamples.files());
            session = samples.launch(samples.runtime(Samples.tempDir()));
            checkPage(session);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            session.close();
        }
    }

    /** Every card and badge rendered, and the module chain's total: a bench of a broken page counts nothing. */
    static void checkPage(MiniProgramSession session) {
        String html = session.currentPage().html();
        // Component classes are scoped (ftcN--title), and each instance's root carries ft-<tag>.
        int cards = html.split(" ft-card\"", -1).length - 1;
        int titles = html.split("--title\">Product ", -1).length - 1;
        int badges = html.split(" ft-badge\"", -1).length - 1;
        if (cards != ComponentSamples.CARDS
                || titles != ComponentSamples.CARDS
                || badges != ComponentSamples.CARDS
                || !html.contains("Total ¥")) {
            throw new IllegalStateException("the component page rendered " + cards + " cards and " + badges
                    + " badges: " + html.substring(0, Math.min(400, html.length())));
        }
    }

    @Benchmark
    public String coldStartModulesAndComponents(Cold cold) {
        MiniProgramSession session = cold.samples.launch(cold.runtime);
        cold.started.add(session);
        return session.currentPage().html();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PageView componentPageSetData(Warm warm) throws InterruptedException, ExecutionException, TimeoutException {
        return warm.session.tap("bump").get(10, TimeUnit.SECONDS);
    }
}
