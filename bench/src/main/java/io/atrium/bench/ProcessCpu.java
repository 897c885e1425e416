package io.atrium.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU seconds a process has used, read from {@code /proc/<pid>/stat} (utime + stime) for the process
 * and its live descendants (nginx's workers are children of its master). A benchmark reads it right
 * before its measured window opens and right after it closes, and reports the difference and the
 * difference per operation: throughput alone hides a server that burns both cores to reach it.
 */
abstract class ProcessCpu {

    /** USER_HZ, the unit of /proc's times: fixed at 100 by the kernel's ABI on Linux, whatever the kernel's tick. */
    static final int TICKS_PER_SECOND = 100;

    /** CPU seconds so far. */
    abstract double seconds();

    /** What is measured, for the printed line. */
    abstract String describe();

    /**
     * CPU seconds of the process's JIT compiler threads (HotSpot names them "C1/C2 CompilerThread"),
     * or NaN when it has none (not a JVM, or not readable).
     */
    double compilerSeconds() {
        return Double.NaN;
    }

    /** Whether there is a process to read. */
    boolean present() {
        return true;
    }

    static ProcessCpu of(long pid) {
        return new Proc(pid);
    }

    /** This JVM: for the benchmarks whose "server" runs in the bench process itself. */
    static ProcessCpu self() {
        return new ProcessCpu() {
            private final com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

            @Override
            double seconds() {
                return os.getProcessCpuTime() / 1e9;
            }

            @Override
            String describe() {
                return "this bench JVM (pid " + ProcessHandle.current().pid() + ")";
            }
        };
    }

    static ProcessCpu none() {
        return new ProcessCpu() {
            @Override
            double seconds() {
                return Double.NaN;
            }

            @Override
            String describe() {
                return "no process given";
            }

            @Override
            boolean present() {
                return false;
            }
        };
    }

    /**
     * A reading at the window's start; {@link Window#end()} closes it. The JIT compiler threads are read
     * with the process, so every window knows how much of its CPU was still compilation.
     */
    Window start() {
        double compiler = compilerSeconds();
        return new Window(this, seconds(), compiler, System.nanoTime());
    }

    /** CPU over a window. */
    record Window(ProcessCpu process, double startSeconds, double startCompilerSeconds, long startNanos) {
        Used end() {
            double now = process.seconds();
            long nanos = System.nanoTime();
            return new Used(
                    process,
                    now - startSeconds,
                    (nanos - startNanos) / 1e9,
                    process.compilerSeconds() - startCompilerSeconds);
        }
    }

    /**
     * CPU seconds used over {@code wallSeconds}, and of them by the JIT compiler threads (NaN when the
     * process has none to read).
     */
    record Used(ProcessCpu process, double cpuSeconds, double wallSeconds, double compilerSeconds) {

        /**
         * Whether the compiler's share of the window can be given: its threads were read at both edges,
         * the window had CPU, and no compiler thread ended inside it (its ticks leave /proc with it, so
         * the difference can go below 0).
         */
        boolean compilerRead() {
            return !Double.isNaN(compilerSeconds) && compilerSeconds >= 0 && cpuSeconds > 0;
        }

        /** The compiler threads' part of the window's CPU, in percent; see {@link #compilerRead()}. */
        double compilerPercent() {
            return compilerSeconds * 100 / cpuSeconds;
        }

        /** CPU milliseconds per operation over the window; NaN when there was none. */
        double millisPer(long operations) {
            return operations == 0 ? Double.NaN : cpuSeconds * 1000 / operations;
        }

        /** The same net of the JIT compiler threads' CPU; see {@link #compilerRead()}. */
        double millisNetOfCompilerPer(long operations) {
            return operations == 0 ? Double.NaN : (cpuSeconds - compilerSeconds) * 1000 / operations;
        }

        /** e.g. {@code server CPU 12.34 s over 10.0 s (1.23 cores), 0.412 ms per request}. */
        String line(String who, long operations, String unit) {
            if (!process.present()) {
                return who + " CPU: not measured (" + process.describe() + ")";
            }
            return String.format(
                    "%s CPU: %.2f s over %.2f s (%.2f cores), %.3f ms per %s  [%s, /proc utime+stime]",
                    who,
                    cpuSeconds,
                    wallSeconds,
                    cpuSeconds / wallSeconds,
                    millisPer(operations),
                    unit,
                    process.describe());
        }
    }

    private static final class Proc extends ProcessCpu {
        private final long pid;

        Proc(long pid) {
            this.pid = pid;
            if (!Files.exists(Path.of("/proc", Long.toString(pid), "stat"))) {
                throw new IllegalArgumentException("no process " + pid);
            }
        }

        @Override
        double seconds() {
            List<Long> pids = new ArrayList<>();
            pids.add(pid);
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
            long ticks = 0;
            for (long p : pids) {
                ticks += ticks(p);
            }
            return ticks / (double) TICKS_PER_SECOND;
        }

        @Override
        double compilerSeconds() {
            long ticks = 0;
            boolean found = false;
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException e) {
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        found = true;
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            } catch (IOException e) {
                return Double.NaN;
            }
            return found ? ticks / (double) TICKS_PER_SECOND : Double.NaN;
        }

        @Override
        String describe() {
            long children =
                    ProcessHandle.of(pid).map(h -> h.descendants().count()).orElse(0L);
            return "pid " + pid + (children > 0 ? " and its " + children + " child process(es)" : "");
        }

        /** utime + stime of one process; 0 for one that has gone. */
        private static long ticks(long pid) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (IOException e) {
                return 0;
            }
            // The command name (field 2) is in parentheses and may hold spaces: fields count from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }
}
