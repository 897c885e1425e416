package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.packaging.Zips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile mini-programs running next to a well-behaved one, through the whole runtime: each attack
 * ends in a violation told to the host, and the neighbour keeps working.
 */
class HostileMiniProgramTest {

    static final String HOSTILE_JS = """
            Page({
              data: { n: 0 },
              loop() { while (true) {} },
              recurse() { const f = n => f(n + 1) + 1; f(0); },
              allocate() { const keep = []; for (;;) keep.push(new Array(100000).fill('x')); },
              grow() { let s = 'x'; for (;;) s += s; },
              builtin() { new Array(50000000).fill(0); this.setData({n: 'filled'}); },
              flood() { for (;;) setTimeout(function () {}, 1000); },
              escape() { try { Packages.java.lang.System.exit(1); } catch (e) { this.setData({n: 'caught'}); } },
              dynamic() { (function () {}).constructor('return this')(); },
              pollute() { Object.prototype.polluted = 'yes'; Array.prototype.map = function () { return 'hijacked'; }; this.setData({n: 1}); }
            });
            """;
    static final String HOSTILE_WXML = """
            <view>{{n}}<button id="loop" bindtap="loop"/><button id="recurse" bindtap="recurse"/><button id="allocate" bindtap="allocate"/>
            <button id="grow" bindtap="grow"/><button id="builtin" bindtap="builtin"/><button id="flood" bindtap="flood"/><button id="escape" bindtap="escape"/>
            <button id="dynamic" bindtap="dynamic"/><button id="pollute" bindtap="pollute"/></view>
            """;
    static final String GOOD_JS = """
            Page({
              data: { n: 0, polluted: '' },
              inc() { this.setData({n: [1, 2].map(x => x).length + this.data.n, polluted: String(({}).polluted)}); }
            });
            """;

    @TempDir
    Path dir;

    final List<SandboxViolation> violations = new CopyOnWriteArrayList<>();

    MiniProgramSession launch(AtriumRuntime runtime, String name, String js, String wxml) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/p/p\"]}".getBytes(StandardCharsets.UTF_8));
        files.put("app.js", "App({});".getBytes(StandardCharsets.UTF_8));
        files.put("pages/p/p.js", js.getBytes(StandardCharsets.UTF_8));
        files.put("pages/p/p.wxml", wxml.getBytes(StandardCharsets.UTF_8));
        Path zip = dir.resolve(name + ".zip");
        Files.write(zip, Zips.zip(files));
        return runtime.launchLocal(zip, LaunchOptions.defaults());
    }

    @Test
    void everyAttackIsStoppedAndReportedWhileTheNeighbourKeepsRunning() throws Exception {
        SandboxLimits limits = new SandboxLimits(
                5_000_000, Duration.ofMillis(800), 64L << 20, 200, 1 << 16, 16, Duration.ofMillis(4), 1 << 16);
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .limits(limits)
                .listener(new RuntimeListener() {
                    @Override
                    public void onViolation(SandboxViolation violation) {
                        violations.add(violation);
                    }
                })
                .build();
        try (MiniProgramSession good = launch(
                runtime,
                "good",
                GOOD_JS,
                "<view><button id=\"inc\" bindtap=\"inc\">{{n}} {{polluted}}</button></view>")) {
            Map<String, List<SandboxViolation.Kind>> expected = new LinkedHashMap<>();
            expected.put("loop", List.of(SandboxViolation.Kind.INSTRUCTION_BUDGET, SandboxViolation.Kind.TIME_BUDGET));
            expected.put("recurse", List.of(SandboxViolation.Kind.STACK_DEPTH));
            // On a loaded machine the callback gets little CPU, and its time may run out first.
            expected.put(
                    "allocate",
                    List.of(
                            SandboxViolation.Kind.MEMORY_BUDGET,
                            SandboxViolation.Kind.INSTRUCTION_BUDGET,
                            SandboxViolation.Kind.TIME_BUDGET));
            // Doubling a string is lazy in Rhino (a rope) until something flattens it: any budget may run out first.
            expected.put(
                    "grow",
                    List.of(
                            SandboxViolation.Kind.MEMORY_BUDGET,
                            SandboxViolation.Kind.INSTRUCTION_BUDGET,
                            SandboxViolation.Kind.TIME_BUDGET));
            // One built-in call allocating 400 MB executes no instruction: the watchdog's memory sampler stops it.
            expected.put("builtin", List.of(SandboxViolation.Kind.MEMORY_BUDGET));
            expected.put("flood", List.of(SandboxViolation.Kind.TIMERS));
            expected.put("escape", List.of(SandboxViolation.Kind.ESCAPE));
            expected.put("dynamic", List.of(SandboxViolation.Kind.ESCAPE));
            int goodCount = 0;
            for (Map.Entry<String, List<SandboxViolation.Kind>> attack : expected.entrySet()) {
                violations.clear();
                // A fresh one each time: an attack that had to be killed leaves its mini-program stopped.
                MiniProgramSession hostile = launch(runtime, "hostile", HOSTILE_JS, HOSTILE_WXML);
                Throwable thrown =
                        catchThrowable(() -> hostile.tap(attack.getKey()).get(20, TimeUnit.SECONDS));
                assertThat(thrown).as(attack.getKey()).isNotNull();
                assertThat(thrown.getCause()).as(attack.getKey()).isInstanceOf(SandboxViolation.class);
                assertThat(((SandboxViolation) thrown.getCause()).kind())
                        .as(attack.getKey())
                        .isIn(attack.getValue());
                assertThat(violations)
                        .as(attack.getKey())
                        .singleElement()
                        .satisfies(v -> assertThat(v.miniProgramId()).isEqualTo("local-hostile"));
                // The neighbour is unaffected.
                goodCount += 2;
                assertThat(good.tap("inc").get(10, TimeUnit.SECONDS).data()).containsEntry("n", goodCount);
                // Nothing after the stop ran: the escape's catch, the fill's setData.
                assertThat(hostile.currentPage().data()).containsEntry("n", 0);
                hostile.close();
            }
            try (MiniProgramSession hostile = launch(runtime, "hostile", HOSTILE_JS, HOSTILE_WXML)) {
                hostile.tap("pollute").get(10, TimeUnit.SECONDS);
                assertThat(good.tap("inc").get(10, TimeUnit.SECONDS).data())
                        .containsEntry("n", goodCount + 2)
                        .containsEntry("polluted", "undefined");
                assertThat(hostile.isClosed()).isFalse();
            }
        }
    }
}
