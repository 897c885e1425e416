package io.atrium.bench.runtime;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The benchmark fork's own CPU (the runtime is a library: the JVM JMH forks is the "server"), read
 * from the OS (process CPU time, the /proc utime+stime of this JVM) right before and right after
 * each iteration: CPU per operation, including what the runtime does on its other threads (the
 * sandbox thread, the host thread, the watchdog, GC, JIT), and cores used. Run with
 * {@code -prof io.atrium.bench.runtime.ProcessCpuProfiler}.
 */
public final class ProcessCpuProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;
    private long wallAtStart;

    @Override
    public String getDescription() {
        return "this JVM's process CPU over each iteration, per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallAtStart = System.nanoTime();
        cpuAtStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuAtStart;
        long wall = System.nanoTime() - wallAtStart;
        long ops = result.getMetadata().getMeasuredOps();
        return List.of(
                new ScalarResult("cpu.ms/op", ops == 0 ? Double.NaN : cpu / 1e6 / ops, "ms/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.cores", cpu / (double) wall, "cores", AggregationPolicy.AVG));
    }
}
