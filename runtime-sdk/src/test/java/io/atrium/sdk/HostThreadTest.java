package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host thread's lanes, and the one rule about waiting for them: whoever asks a settle is
 * waited for by who asked, not by whichever thread a completion chain happens to run on.
 */
class HostThreadTest {

    @TempDir
    Path dir;

    /**
     * A delivered callback can finish on the mini-program's thread before the host thread registers
     * its bookkeeping, so the count of work falls to zero on the host thread, in the middle of one
     * of the lane's calls. The wait started there must still cover the calls after that one.
     */
    @Test
    void aWaitStartedOnTheHostThreadCoversTheCallsStillQueuedBehindIt() throws Exception {
        try (HostThread host = new HostThread()) {
            HostThread.Lane lane = host.lane(100, () -> {});
            List<String> ran = new CopyOnWriteArrayList<>();
            AtomicReference<CompletableFuture<Void>> askedOnHost = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // Holds the host thread until both calls below are queued behind it.
            lane.post(() -> await(start));
            lane.post(() -> {
                askedOnHost.set(lane.drained());
                ran.add("first");
            });
            lane.post(() -> {
                await(release);
                ran.add("second");
            });
            CompletableFuture<Void> all = lane.drained();
            start.countDown();
            waitUntil(() -> askedOnHost.get() != null);

            assertThat(askedOnHost.get())
                    .as("asked while the second call still waits")
                    .isNotDone();
            release.countDown();
            all.get(10, TimeUnit.SECONDS);
            askedOnHost.get().get(10, TimeUnit.SECONDS);
            assertThat(ran).containsExactly("first", "second");
        }
    }

    /** A host that asks from its own thread and blocks on the answer is answered, not left to the settle time. */
    @Test
    void aHostThatTapsFromItsOwnThreadAndWaitsIsAnsweredAtOnce() throws Exception {
        CompletableFuture<Long> tapMillis = new CompletableFuture<>();
        CompletableFuture<String> tapped = new CompletableFuture<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void onPage(
                    MiniProgramSession session, PageView page, List<io.atrium.sdk.view.Rendered.Patch> patches) {
                if (!tapMillis.isDone() && page.text().contains("taps 0")) {
                    long start = System.nanoTime();
                    try {
                        // Blocks the host thread: the settle must not wait for that thread's calls.
                        tapped.complete(
                                session.tap("tap").get(30, TimeUnit.SECONDS).text());
                    } catch (Exception e) {
                        tapped.completeExceptionally(e);
                    }
                    tapMillis.complete((System.nanoTime() - start) / 1_000_000);
                }
            }
        };
        Map<String, byte[]> files = Map.of(
                "app.json", bytes("{\"pages\": [\"pages/index/index\"]}"),
                "app.js", bytes("App({});"),
                "pages/index/index.js",
                        bytes("Page({ data: { taps: 0 }, tap: function () {"
                                + " this.setData({ taps: this.data.taps + 1 }); } });"),
                "pages/index/index.wxml", bytes("<button id=\"tap\" bindtap=\"tap\">taps {{taps}}</button>"));
        Path zip = dir.resolve("tap.zip");
        java.nio.file.Files.write(zip, io.atrium.sdk.packaging.Zips.zip(files));
        try (AtriumRuntime runtime = AtriumRuntime.builder()
                        .storageDir(dir.resolve("host"))
                        .allowUnsigned(true)
                        .listener(listener)
                        .build();
                MiniProgramSession session = runtime.launchLocal(zip, LaunchOptions.defaults())) {
            assertThat(tapped.get(30, TimeUnit.SECONDS)).contains("taps 1");
            // Far below the settle time (10 s), which a wait for the blocked host thread would run out.
            assertThat(tapMillis.get(30, TimeUnit.SECONDS)).isLessThan(5_000);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("within 10 s").isTrue();
    }
}
