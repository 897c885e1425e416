package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.packaging.Zips;
import io.atrium.sdk.policy.Policy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile-mini-program corpus ({@code src/test/resources/hostile/}) against the session-wide
 * bounds: every host-facing wait has a deadline, a session keeps bounded memory and CPU over time,
 * its queue is bounded, and the host's code never runs on a mini-program's thread. Each stopped session is reported, and a neighbour keeps working.
 */
class SessionBoundsTest {

    @TempDir
    Path dir;

    final List<SandboxViolation> violations = new CopyOnWriteArrayList<>();
    final List<String> hostThreads = new CopyOnWriteArrayList<>();
    final List<Integer> logLengths = new CopyOnWriteArrayList<>();
    final List<PageView> pagesSeen = new CopyOnWriteArrayList<>();
    volatile long pageDelayMs;
    volatile long logDelayMs;
    AtriumRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    AtriumRuntime runtime(SandboxLimits limits) {
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void onViolation(SandboxViolation violation) {
                violations.add(violation);
            }

            @Override
            public void onPage(
                    MiniProgramSession session, PageView page, List<io.atrium.sdk.view.Rendered.Patch> patches) {
                pagesSeen.add(page);
                slowHost(pageDelayMs);
            }

            @Override
            public void onLog(String miniProgramId, String level, String message) {
                hostThreads.add("log:" + Thread.currentThread().getName());
                logLengths.add(message.length());
                slowHost(logDelayMs);
            }
        };
        HostUi ui = new HostUi() {
            @Override
            public void showToast(String miniProgramId, Toast toast) {
                hostThreads.add("toast:" + Thread.currentThread().getName());
            }

            @Override
            public void setNavigationBarTitle(String miniProgramId, String title) {
                hostThreads.add("title:" + Thread.currentThread().getName());
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> showModal(String miniProgramId, Modal modal) {
                hostThreads.add("modal:" + Thread.currentThread().getName());
                return CompletableFuture.completedFuture(true);
            }
        };
        runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .limits(limits)
                .listener(listener)
                .ui(ui)
                .hostApi("probe", (mp, params) -> {
                    hostThreads.add("api:" + Thread.currentThread().getName());
                    return CompletableFuture.completedFuture(Map.of());
                })
                .localPolicy(new Policy(
                        Set.of("ui", "navigation", "storage", "device"),
                        Set.of("probe"),
                        List.of(),
                        Set.of(),
                        List.of()))
                .build();
        return runtime;
    }

    /** Zips a mini-program of the hostile corpus. */
    Path hostile(String name) throws IOException, URISyntaxException {
        return hostileZip(dir, name);
    }

    static Path hostileZip(Path dir, String name) throws IOException, URISyntaxException {
        Path root =
                Path.of(SessionBoundsTest.class.getResource("/hostile/" + name).toURI());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        Path zip = dir.resolve(name + ".zip");
        Files.write(zip, Zips.zip(files));
        return zip;
    }

    MiniProgramSession neighbour() throws Exception {
        return runtime.launchLocal(hostile("cpu-hog"), LaunchOptions.defaults());
    }

    static SandboxViolation.Kind kindOf(Throwable thrown) {
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof SandboxViolation)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a sandbox violation in %s", thrown).isInstanceOf(SandboxViolation.class);
        return ((SandboxViolation) cause).kind();
    }

    @Test
    void aTimerSlowerThanItsPeriodNeitherHoldsTheHostNorRunsForEver() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(Duration.ofSeconds(5), 64L << 20, 0.2, Duration.ofSeconds(1)));
        MiniProgramSession good = neighbour();
        // Before the fix launch() never returned: ticks piled up and the thread never went idle.
        MiniProgramSession hung = runtime.launchLocal(hostile("hung-timer"), LaunchOptions.defaults());
        // Busy three quarters of the time against a share of a fifth: stopped once its slack is spent.
        eventually(Duration.ofSeconds(20), hung::isClosed);
        eventually(Duration.ofSeconds(10), () -> !violations.isEmpty()); // reported on the host thread
        assertThat(violations).extracting(SandboxViolation::kind).containsExactly(SandboxViolation.Kind.CPU_SHARE);
        assertThat(good.tap("spin").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 1);
    }

    @Test
    void aSessionThatNeverGoesIdleIsStoppedAtItsSettleTime() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(Duration.ofSeconds(2), 64L << 20, 0.9, Duration.ofSeconds(60)));
        MiniProgramSession good = neighbour();
        long started = System.nanoTime();
        Throwable thrown = catchThrowable(() -> runtime.launchLocal(hostile("never-idle"), LaunchOptions.defaults()));
        assertThat(thrown).isInstanceOf(LaunchException.class);
        assertThat(kindOf(thrown)).isEqualTo(SandboxViolation.Kind.UNRESPONSIVE);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
        assertThat(violations).extracting(SandboxViolation::kind).containsExactly(SandboxViolation.Kind.UNRESPONSIVE);
        assertThat(good.tap("spin").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 1);
    }

    @Test
    void memoryASessionKeepsIsBoundedAndReleasedWhenItIsStopped() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(
                Duration.ofSeconds(10), 64L << 20, 0.9, Duration.ofSeconds(30)));
        MiniProgramSession good = neighbour();
        long before = usedHeapAfterGc();
        MiniProgramSession growing = runtime.launchLocal(hostile("retained-memory"), LaunchOptions.defaults());
        eventually(Duration.ofSeconds(20), growing::isClosed);
        eventually(Duration.ofSeconds(10), () -> !violations.isEmpty()); // reported on the host thread
        assertThat(violations)
                .extracting(SandboxViolation::kind)
                .containsExactly(SandboxViolation.Kind.RETAINED_MEMORY);
        // Two 50 MB strings were kept before the walk stopped it; none of it stays, though the host
        // still holds the session.
        assertThat(usedHeapAfterGc() - before).isLessThan(48L << 20);
        assertThat(growing.isClosed()).isTrue();
        assertThat(good.tap("spin").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 1);
    }

    @Test
    void memoryKeptInMapsSetsAndClosuresCountsTooAndTheSessionIsClosed() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(
                Duration.ofSeconds(10), 40L << 20, 0.9, Duration.ofSeconds(30)));
        MiniProgramSession session = runtime.launchLocal(hostile("retained-by-taps"), LaunchOptions.defaults());
        // 16 MB in a closure, then 16 more in a Set: 32 MB kept, under the bound.
        assertThat(session.tap("grow").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 1);
        assertThat(session.tap("grow").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 2);
        // 16 more in a Map: over it. Walks are spaced to a tenth of the session's CPU, so the stop
        // may come a tap or two later, and never past twice the bound.
        int[] taps = {2};
        Throwable thrown = catchThrowable(() -> {
            for (int i = 0; i < 6; i++) {
                session.tap("grow").get(10, TimeUnit.SECONDS);
                taps[0]++;
            }
        });
        assertThat(taps[0]).as("taps that kept memory before the stop").isLessThan(5);
        assertThat(kindOf(thrown)).isEqualTo(SandboxViolation.Kind.RETAINED_MEMORY);
        assertThat(session.isClosed()).isTrue();
        assertThatThrownBy(() -> session.tap("grow").get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(SandboxViolation.class);
    }

    @Test
    void callbacksStoppedByTheirBudgetAreChargedTheirCpu() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(Duration.ofSeconds(10), 64L << 20, 0.5, Duration.ofSeconds(2)));
        MiniProgramSession looping = runtime.launchLocal(hostile("looping-timer"), LaunchOptions.defaults());
        eventually(Duration.ofSeconds(30), looping::isClosed);
        eventually(Duration.ofSeconds(10), () -> !violations.isEmpty()); // reported on the host thread
        assertThat(violations)
                .extracting(SandboxViolation::kind)
                .contains(SandboxViolation.Kind.CPU_SHARE)
                .allMatch(k -> k == SandboxViolation.Kind.CPU_SHARE
                        || k == SandboxViolation.Kind.INSTRUCTION_BUDGET
                        || k == SandboxViolation.Kind.TIME_BUDGET);
    }

    @Test
    void memoryKeptByACallbackStoppedByItsBudgetCountsToo() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(
                Duration.ofSeconds(10), 64L << 20, 0.9, Duration.ofSeconds(60)));
        long before = usedHeapAfterGc();
        MiniProgramSession keeping = runtime.launchLocal(hostile("keeps-then-loops"), LaunchOptions.defaults());
        eventually(Duration.ofSeconds(30), keeping::isClosed);
        eventually(Duration.ofSeconds(10), () -> !violations.isEmpty()); // reported on the host thread
        assertThat(violations).extracting(SandboxViolation::kind).contains(SandboxViolation.Kind.RETAINED_MEMORY);
        assertThat(usedHeapAfterGc() - before).isLessThan(48L << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"promise", "generator", "bound", "symbol", "bigint", "utf16", "pageData"})
    void memoryKeptWhereNoPropertyShowsItCountsToo(String where) throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(
                Duration.ofSeconds(10), 64L << 20, 0.9, Duration.ofSeconds(60)));
        MiniProgramSession session = runtime.launchLocal(hostile("hidden-keepers"), LaunchOptions.defaults());
        Throwable thrown = catchThrowable(() -> {
            for (int i = 0; i < 8; i++) {
                session.tap(where).get(10, TimeUnit.SECONDS);
            }
        });
        assertThat(kindOf(thrown)).as(where).isEqualTo(SandboxViolation.Kind.RETAINED_MEMORY);
        assertThat(session.isClosed()).isTrue();
    }

    @Test
    void nothingCanBeKeptOnTheRuntimesRefusals() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        MiniProgramSession session = runtime.launchLocal(hostile("hidden-keepers"), LaunchOptions.defaults());
        assertThat(session.tap("refusal").get(10, TimeUnit.SECONDS).data()).containsEntry("kept", "undefined");
    }

    @Test
    void aRenderPastItsTextBudgetFails() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        Throwable thrown = catchThrowable(() -> runtime.launchLocal(hostile("text-bomb"), LaunchOptions.defaults()));
        assertThat(thrown).isInstanceOf(LaunchException.class).hasMessageContaining("characters of text");
    }

    @Test
    void aSessionThatKeepsTheHostBusyDoesNotHoldItsNeighbour() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        logDelayMs = 20;
        MiniProgramSession good = runtime.launchLocal(hostile("quiet"), LaunchOptions.defaults());
        MiniProgramSession bursting = runtime.launchLocal(hostile("log-burst"), LaunchOptions.defaults());
        Thread.sleep(300); // the burst is queued for the host: about 20 s of its work
        long started = System.nanoTime();
        assertThat(good.tap("k").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 1);
        // Sessions take turns on the host thread: the tap waited for a call or two of the other's.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        assertThat(good.isClosed()).isFalse();
        assertThat(bursting.isClosed()).isFalse();
    }

    @Test
    void aHostSlowerThanTheRendersSeesTheNewestOnly() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        MiniProgramSession session = runtime.launchLocal(hostile("render-storm"), LaunchOptions.defaults());
        pageDelayMs = 50;
        pagesSeen.clear();
        assertThat(session.tap("storm").get(10, TimeUnit.SECONDS).data()).containsEntry("n", 200);
        eventually(
                Duration.ofSeconds(5),
                () -> !pagesSeen.isEmpty()
                        && Integer.valueOf(200)
                                .equals(pagesSeen
                                        .get(pagesSeen.size() - 1)
                                        .data()
                                        .get("n")));
        // 200 renders; the host, 50 ms a view, was handed a few, the newest last.
        assertThat(pagesSeen.size()).isLessThan(20);
    }

    @Test
    void hostCodeChainedOnAnAnswerRunsOffTheMiniProgramsThreadAndMayWaitForAnother() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        MiniProgramSession session = runtime.launchLocal(hostile("quiet"), LaunchOptions.defaults());
        String[] thread = new String[1];
        PageView nested = session.tap("k")
                .thenApply(v -> {
                    thread[0] = Thread.currentThread().getName();
                    return session.tap("k").join(); // waited for inside a continuation: before, a deadlock
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(nested.data()).containsEntry("n", 2);
        // On atrium-answers when the tap was still pending, on this thread when it had already
        // completed (CompletableFuture runs a late continuation inline); never on a thread whose
        // blocking would deadlock the session.
        assertThat(thread[0]).isIn("atrium-answers", Thread.currentThread().getName());
    }

    @Test
    void aRenderPastItsNodeBudgetFailsInsteadOfFillingTheHeap() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        Throwable thrown = catchThrowable(() -> runtime.launchLocal(hostile("node-bomb"), LaunchOptions.defaults()));
        assertThat(thrown).isInstanceOf(LaunchException.class).hasMessageContaining("template nodes");
    }

    @Test
    void aSessionThatAsksMoreOfTheHostThanItGetsThroughIsStopped() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        logDelayMs = 20;
        MiniProgramSession flooding = runtime.launchLocal(hostile("log-flood"), LaunchOptions.defaults());
        eventually(Duration.ofSeconds(20), flooding::isClosed);
        // The report goes through the host thread too, behind what was waiting (now skipped).
        eventually(
                Duration.ofSeconds(10),
                () -> violations.stream().anyMatch(v -> v.kind() == SandboxViolation.Kind.BACKLOG));
        // Lines are clipped before they reach the host.
        assertThat(logLengths).isNotEmpty().allMatch(n -> n <= 4_097);
        assertThat(hostThreads.size()).isLessThan(1_200);
    }

    @Test
    void aSessionAboveItsShareOfCpuOverTimeIsStopped() throws Exception {
        runtime(SandboxLimits.DEFAULT.withSessionBounds(
                Duration.ofSeconds(10), 64L << 20, 0.1, Duration.ofMillis(200)));
        MiniProgramSession hog = neighbour();
        Throwable thrown = catchThrowable(() -> {
            for (int i = 0; i < 200; i++) {
                hog.tap("spin").get(10, TimeUnit.SECONDS);
            }
        });
        assertThat(kindOf(thrown)).isEqualTo(SandboxViolation.Kind.CPU_SHARE);
        assertThat(hog.isClosed()).isTrue();
        assertThat(violations).extracting(SandboxViolation::kind).containsExactly(SandboxViolation.Kind.CPU_SHARE);
    }

    @Test
    void callbacksQueuedPastTheBoundAreRefusedAndReported() throws Exception {
        runtime(SandboxLimits.DEFAULT.withQueues(32, 10));
        MiniProgramSession session = runtime.launchLocal(hostile("flood-callbacks"), LaunchOptions.defaults());
        session.tap("flood").get(10, TimeUnit.SECONDS);
        assertThat(violations).extracting(SandboxViolation::kind).contains(SandboxViolation.Kind.BACKLOG);
        // Refused work is refused, not fatal: the session still answers.
        assertThat(session.isClosed()).isFalse();
        assertThat(session.currentPage().path()).isEqualTo("pages/p/p");
    }

    @Test
    void theHostsCodeNeverRunsOnAMiniProgramsThread() throws Exception {
        runtime(SandboxLimits.DEFAULT);
        MiniProgramSession session = runtime.launchLocal(hostile("host-probe"), LaunchOptions.defaults());
        assertThat(session.currentPage().data()).containsEntry("out", "answered");
        assertThat(hostThreads)
                .extracting(s -> s.substring(0, s.indexOf(':')))
                .contains("log", "toast", "title", "modal", "api");
        assertThat(hostThreads).allSatisfy(s -> assertThat(s).endsWith(":atrium-host"));
    }

    /** A host that takes its time over a call. */
    static void slowHost(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void eventually(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within %s", limit).isLessThan(until);
            Thread.sleep(20);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
