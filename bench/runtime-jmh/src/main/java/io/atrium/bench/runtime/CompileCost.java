package io.atrium.bench.runtime;

import io.atrium.compiler.BabelScriptCompiler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * What compiling scripts costs at upload: loading Babel once, then each script of the
 * compatibility suite's apps ({@code samples/compat}) compiled by Babel three rounds over (the
 * first round's figures include GraalJS warming up; rounds 2 and 3 are the steady cost), and the
 * check that lets plain ES5 skip Babel. Wall time, this thread's CPU and the whole process's CPU
 * (GC included); one thread, as uploads compile one script at a time. A compiled script that does not differ from its source, or an empty
 * one, makes the run invalid.
 */
public final class CompileCost {

    private CompileCost() {}

    public static void main(String[] args) throws IOException {
        Path samples = Path.of(args.length > 0 ? args[0] : "samples/compat");
        List<Path> scripts;
        try (Stream<Path> walk = Files.walk(samples)) {
            scripts = walk.filter(p -> p.toString().endsWith(".js")).sorted().toList();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        BabelScriptCompiler compiler = new BabelScriptCompiler();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = os.getProcessCpuTime();
        compiler.warmUp();
        System.out.printf(
                "Babel loaded: %.0f ms wall, %.0f ms CPU of this thread, %.0f ms CPU of the process%n",
                (System.nanoTime() - wall) / 1e6,
                (threads.getCurrentThreadCpuTime() - cpu) / 1e6,
                (os.getProcessCpuTime() - processCpu) / 1e6);
        long bytes = 0;
        for (Path script : scripts) {
            bytes += Files.size(script);
        }
        System.out.printf("%d scripts, %d bytes, from %s%n", scripts.size(), bytes, samples);
        for (int round = 1; round <= 3; round++) {
            List<Double> cpuMs = new ArrayList<>();
            long roundWall = System.nanoTime();
            long roundProcess = os.getProcessCpuTime();
            for (Path script : scripts) {
                String source = Files.readString(script, StandardCharsets.UTF_8);
                // A path of its own per round: the compiler's cache would answer a repeat at once.
                String path = "round" + round + "/" + samples.relativize(script);
                long before = threads.getCurrentThreadCpuTime();
                String compiled = compiler.compileWithBabel(path, source);
                cpuMs.add((threads.getCurrentThreadCpuTime() - before) / 1e6);
                if (compiled.isBlank() || compiled.equals(source)) {
                    System.err.println("bench: NOT VALID: Babel answered " + script + " unchanged or empty");
                    System.exit(1);
                }
            }
            Collections.sort(cpuMs);
            double sum = cpuMs.stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(
                    "round %d: %.0f ms wall for all, process CPU %.0f ms per script; thread CPU per script p50 %.0f"
                            + " ms, max %.0f ms, mean %.0f ms%n",
                    round,
                    (System.nanoTime() - roundWall) / 1e6,
                    (os.getProcessCpuTime() - roundProcess) / 1e6 / scripts.size(),
                    cpuMs.get(cpuMs.size() / 2),
                    cpuMs.get(cpuMs.size() - 1),
                    sum / cpuMs.size());
        }
        List<String> sources = new ArrayList<>();
        for (Path script : scripts) {
            sources.add(Files.readString(script, StandardCharsets.UTF_8));
        }
        long checkCpu = threads.getCurrentThreadCpuTime();
        int plain = 0;
        for (int i = 0; i < 10; i++) {
            for (String source : sources) {
                if (!BabelScriptCompiler.needsCompiling(source)) {
                    plain++;
                }
            }
        }
        System.out.printf(
                "ES5 check (Rhino parse and tree walk): %.2f ms CPU per script; %d of %d scripts are plain ES5%n",
                (threads.getCurrentThreadCpuTime() - checkCpu) / 1e6 / (10.0 * scripts.size()),
                plain / 10,
                scripts.size());
        compiler.close();
    }
}
