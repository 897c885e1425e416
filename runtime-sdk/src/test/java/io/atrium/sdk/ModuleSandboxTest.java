package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.packaging.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code require} is no way out: a module reaches what a page reaches and nothing more, and only the package's own files. */
class ModuleSandboxTest {

    // What a module sees of the runtime, and what a page sees of the globals, to compare.
    static final String PROBE_JS = """
            // WeChat's own "global" is a plain object of the mini-program's, not the sandbox's global scope.
            var seen = [typeof native, typeof global.Page, typeof bridge, typeof dispatcher, arguments.length,
              typeof require.cache, typeof require.resolve, this === module.exports];
            exports.seen = seen.join(' ');
            exports.globals = Object.getOwnPropertyNames(globalThis).sort().join(',');
            exports.escape = function () { return Packages.java.lang.System.getProperty('user.home'); };
            """;
    // Source that tries to close the module's header and run code of its own at compile time.
    static final String BREAKOUT_JS = """
            }
            globalThis.leaked = 'compiled and ran';
            function again() {
            """;
    static final String PAGE_JS = """
            var probe = require('../../utils/probe');
            Page({
              data: { seen: probe.seen, same: probe.globals === Object.getOwnPropertyNames(globalThis).sort().join(',') },
              escape: function () { probe.escape(); },
              poisonedCache: function () {
                Object.prototype['utils/secret.js'] = { exports: { value: 'poisoned' } };
                Object.defineProperty(Object.prototype, 'utils/other.js', { get: function () { return { exports: 'poisoned too' }; } });
                this.setData({ cache: require('../../utils/secret').value + ' ' + require('../../utils/other') });
              },
              poisonedBuiltins: function () {
                var saved = [String.prototype.charAt, String.prototype.split, Array.prototype.join, Array.prototype.concat, RegExp.prototype.test];
                String.prototype.charAt = function () { return 'x'; };
                String.prototype.split = function () { return ['..', '..', 'outside.js']; };
                Array.prototype.join = function () { return '../outside.js'; };
                Array.prototype.concat = function () { return ['../outside.js']; };
                RegExp.prototype.test = function () { return true; };
                var out = [];
                ['../../../outside', '/../outside.js', 'a/../../../../outside', '../../utils/../../outside'].forEach(function (p) {
                  try { require(p); out.push('LOADED ' + p); } catch (e) { out.push(e.name); }
                });
                String.prototype.charAt = saved[0]; String.prototype.split = saved[1]; Array.prototype.join = saved[2];
                Array.prototype.concat = saved[3]; RegExp.prototype.test = saved[4];
                this.setData({ poisoned: out.join(' ') });
              },
              breakout: function () {
                var result;
                try { result = typeof require('../../utils/breakout'); } catch (e) { result = e.name; }
                this.setData({ breakout: result + ' ' + typeof globalThis.leaked });
              }
            });
            """;
    static final String PAGE_WXML = """
            <view><text id="seen">{{seen}}</text><text id="same">{{same}}</text><text id="cache">{{cache}}</text>
            <text id="poisoned">{{poisoned}}</text><text id="breakout-result">{{breakout}}</text>
            <button id="escape" bindtap="escape"/><button id="poisonedCache" bindtap="poisonedCache"/>
            <button id="poisonedBuiltins" bindtap="poisonedBuiltins"/><button id="breakout" bindtap="breakout"/></view>
            """;

    @TempDir
    Path dir;

    final List<SandboxViolation> violations = new CopyOnWriteArrayList<>();
    AtriumRuntime runtime;
    MiniProgramSession session;

    @BeforeEach
    void start() throws Exception {
        runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onViolation(SandboxViolation violation) {
                        violations.add(violation);
                    }
                })
                .build();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/p/p\"]}");
        files.put("app.js", "App({});");
        files.put("utils/probe.js", PROBE_JS);
        files.put("utils/secret.js", "exports.value = 'the real one';");
        files.put("utils/other.js", "module.exports = 'the real other';");
        files.put("utils/breakout.js", BREAKOUT_JS);
        files.put("outside.js", "module.exports = 'at the root, but asked for from outside';");
        files.put("pages/p/p.js", PAGE_JS);
        files.put("pages/p/p.wxml", PAGE_WXML);
        Path zip = dir.resolve("probe.zip");
        Files.write(zip, Zips.zipText(files));
        session = runtime.launchLocal(zip, LaunchOptions.defaults());
    }

    @AfterEach
    void stop() {
        session.close();
        runtime.close();
    }

    @Test
    void aModuleSeesTheGlobalsAPageSeesAndNothingOfTheRuntime() {
        PageView page = session.currentPage();
        assertThat(page.html())
                .contains("<span id=\"seen\">undefined undefined undefined undefined 3 undefined undefined true</span>")
                .contains("<span id=\"same\">true</span>");
    }

    @Test
    void aModuleReachingForJavaIsStoppedAsAPageIs() {
        Throwable thrown = catchThrowable(() -> session.tap("escape").get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SandboxViolation.class);
        assertThat(((SandboxViolation) thrown.getCause()).kind()).isEqualTo(SandboxViolation.Kind.ESCAPE);
        assertThat(violations)
                .singleElement()
                .satisfies(v -> assertThat(v.kind()).isEqualTo(SandboxViolation.Kind.ESCAPE));
    }

    @Test
    void theModuleCacheCannotBePoisonedThroughPrototypes() throws Exception {
        PageView page = session.tap("poisonedCache").get(10, TimeUnit.SECONDS);
        assertThat(page.html()).contains("<span id=\"cache\">the real one the real other</span>");
    }

    @Test
    void poisonedBuiltInsCannotMakeRequireLeaveThePackage() throws Exception {
        PageView page = session.tap("poisonedBuiltins").get(10, TimeUnit.SECONDS);
        // Four attempts, each refused with an error (none loaded the file at the package's root).
        assertThat(page.html()).contains("<span id=\"poisoned\">Error Error Error Error</span>");
    }

    @Test
    void sourceThatClosesTheModuleHeaderRunsNothingOutsideItsModule() throws Exception {
        PageView page = session.tap("breakout").get(10, TimeUnit.SECONDS);
        // Rhino compiles the first function only: the module is an empty one, and the code after it never ran.
        assertThat(page.html()).contains("<span id=\"breakout-result\">object undefined</span>");
    }
}
