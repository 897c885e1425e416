package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component is no way out either: it reaches what a page reaches, and its files come from the package only. */
class ComponentSandboxTest {

    static final String PROBE_JS = """
            Component({
              data: { seen: '' },
              attached: function () {
                var seen = [typeof native, typeof dispatcher, typeof this.native, typeof this.bridge,
                  Object.keys(this).sort().join('+')];
                this.setData({ seen: seen.join(' ') });
              },
              methods: {
                escape: function () { java.lang.Runtime.getRuntime().exec('true'); },
                shout: function () { this.triggerEvent('shout', { toString: 'not a function' }); }
              }
            });
            """;

    @TempDir
    Path dir;

    RecordingHost host;
    List<SandboxViolation> violations;
    List<String> logs;
    AtriumRuntime runtime;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
        violations = host.violations;
        logs = host.logs;
        runtime = host.runtime;
    }

    @AfterEach
    void stop() {
        host.close();
    }

    MiniProgramSession launch(String pageJson) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/p/p\"]}");
        files.put("app.js", "App({});");
        files.put("components/probe/probe.js", PROBE_JS);
        files.put("components/probe/probe.json", "{\"component\": true}");
        files.put(
                "components/probe/probe.wxml",
                "<view><text id=\"seen\">{{seen}}</text><button id=\"escape\" bindtap=\"escape\"/>"
                        + "<button id=\"shout\" bindtap=\"shout\"/></view>");
        files.put("pages/p/p.json", pageJson);
        files.put("pages/p/p.js", "Page({ data: {}, onShout: 'not a function' });");
        files.put("pages/p/p.wxml", "<view><probe bind:shout=\"onShout\"></probe><text>page</text></view>");
        Path zip = dir.resolve("probe-" + System.nanoTime() + ".zip");
        Files.write(zip, Zips.zipText(files));
        return runtime.launchLocal(zip, LaunchOptions.defaults());
    }

    @Test
    void aComponentInstanceHoldsNothingOfTheRuntime() throws Exception {
        try (MiniProgramSession session = launch("{\"usingComponents\": {\"probe\": \"/components/probe/probe\"}}")) {
            assertThat(session.currentPage().html())
                    .contains(
                            "undefined undefined undefined undefined "
                                    + "createIntersectionObserver+createSelectorQuery+data+dataset+escape+getPageId+getRelationNodes+id+is+properties+selectAllComponents+selectComponent+setData+shout+triggerEvent");
        }
    }

    @Test
    void aComponentReachingForJavaIsStoppedAsAPageIs() throws Exception {
        try (MiniProgramSession session = launch("{\"usingComponents\": {\"probe\": \"/components/probe/probe\"}}")) {
            Throwable thrown = catchThrowable(() -> session.tap("escape").get(10, TimeUnit.SECONDS));
            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isInstanceOf(SandboxViolation.class);
            assertThat(((SandboxViolation) thrown.getCause()).kind()).isEqualTo(SandboxViolation.Kind.ESCAPE);
        }
    }

    @Test
    void anEventToAHandlerThatIsNoFunctionIsOnlyWarnedAbout() throws Exception {
        try (MiniProgramSession session = launch("{\"usingComponents\": {\"probe\": \"/components/probe/probe\"}}")) {
            assertThat(session.tap("shout").get(10, TimeUnit.SECONDS).html()).contains("page");
            assertThat(logs).anySatisfy(l -> assertThat(l).contains("has no handler \"onShout\""));
            assertThat(violations).isEmpty();
        }
    }

    @Test
    void aComponentPathOutsideThePackageIsRefused() {
        assertThatThrownBy(() -> launch("{\"usingComponents\": {\"probe\": \"../../../../components/probe/probe\"}}"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("climbs out of the package");
        assertThatThrownBy(() -> launch("{\"usingComponents\": {\"probe\": \"plugin://other/probe\"}}"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("not a component path in the package");
    }
}
