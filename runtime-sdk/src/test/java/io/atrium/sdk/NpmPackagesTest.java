package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm packages as WeChat's "build npm" lays them out: a component library under {@code
 * miniprogram_npm/<name>/}, named from a page by its npm path, with the library's own dependencies
 * in a {@code miniprogram_npm} folder inside it; scripts {@code require} packages by bare name from
 * any folder. A weather app written here in WeChat's idiom.
 */
class NpmPackagesTest {

    @TempDir
    Path dir;

    RecordingHost host;
    AtriumRuntime runtime;
    List<io.atrium.sdk.logic.ScriptError> errors;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
        runtime = host.runtime;
        errors = host.errors;
    }

    @AfterEach
    void stop() {
        host.close();
    }

    static Map<String, String> weatherApp() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/today/today\", \"pages/lost/lost\"]}");
        files.put("app.js", "App({})");
        files.put("pages/today/today.json", """
                {"usingComponents": {"sun-card": "sun-ui/card/index", "sun-badge": "sun-ui/badge"}}
                """);
        files.put("pages/today/today.js", """
                var units = require('tiny-units');
                Page({
                  data: { high: '' },
                  onLoad: function () {
                    this.setData({ high: units.celsius(21) });
                  }
                });
                """);
        files.put("pages/today/today.wxml", """
                <sun-card heading="Lisbon">High {{high}}</sun-card>
                <sun-badge label="sunny"/>
                """);
        files.put("pages/lost/lost.json", "{\"usingComponents\": {\"sun-map\": \"sun-ui/map/index\"}}");
        files.put("pages/lost/lost.js", "Page({})");
        files.put("pages/lost/lost.wxml", "<sun-map/>");
        // The app's own npm package, at the root.
        files.put("miniprogram_npm/tiny-units/index.js", """
                module.exports = { celsius: function (n) { return n + ' °C'; } };
                """);
        // The library: a card using its sibling badge, and a format helper from its own npm folder.
        files.put("miniprogram_npm/sun-ui/card/index.json", """
                {"component": true, "usingComponents": {"sun-badge": "../badge/index"}}
                """);
        files.put("miniprogram_npm/sun-ui/card/index.js", """
                var format = require('sun-format');
                Component({
                  properties: { heading: String },
                  data: { title: '' },
                  lifetimes: {
                    attached: function () { this.setData({ title: format.upper(this.data.heading) }); }
                  }
                });
                """);
        files.put("miniprogram_npm/sun-ui/card/index.wxml", """
                <view class="card"><sun-badge label="{{title}}"/><slot/></view>
                """);
        files.put("miniprogram_npm/sun-ui/badge/index.json", "{\"component\": true}");
        files.put("miniprogram_npm/sun-ui/badge/index.js", "Component({ properties: { label: String } })");
        files.put("miniprogram_npm/sun-ui/badge/index.wxml", "<text>[{{label}}]</text>");
        files.put("miniprogram_npm/sun-ui/miniprogram_npm/sun-format/index.js", """
                exports.upper = function (s) { return s.toUpperCase(); };
                """);
        return files;
    }

    Path zip() throws Exception {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        weatherApp().forEach((k, v) -> bytes.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path zip = dir.resolve("weather.zip");
        Files.write(zip, Zips.zip(bytes));
        return zip;
    }

    @Test
    void aPageUsesALibrarysComponentsByTheirNpmPathAndTheLibraryFindsItsOwnDependencies() throws Exception {
        try (MiniProgramSession session =
                runtime.launchLocal(zip(), new LaunchOptions("pages/today/today", Map.of()))) {
            assertThat(errors).isEmpty();
            assertThat(session.currentPage().text().replaceAll("\\s+", " ").strip())
                    .isEqualTo("[LISBON] High 21 °C [sunny]");
        }
    }

    @Test
    void anNpmComponentNotInstalledIsAnErrorNamingThePathBesideThePage() {
        assertThatThrownBy(() -> runtime.launchLocal(zip(), new LaunchOptions("pages/lost/lost", Map.of())))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("pages/lost/sun-ui/map/index");
    }
}
