package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.logic.Sandbox;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global scope is an allowlist: Rhino's extras (Script, __GeneratorFunction, Continuation,
 * With, Call, ...) are gone, and no constructor reachable from what is left compiles code, so an
 * approved mini-program cannot download code and run it.
 */
class GlobalScopeTest {

    @TempDir
    Path dir;

    AtriumRuntime runtime;

    @BeforeEach
    void start() {
        runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void theGlobalScopeIsExactlyTheAllowlistAndNoOtherConstructorIsReachable() throws Exception {
        MiniProgramSession session =
                runtime.launchLocal(SessionBoundsTest.hostileZip(dir, "dynamic-code"), LaunchOptions.defaults());
        Sandbox sandbox = ((RunningSession) session).engine().sandbox();
        String names = (String) sandbox.evaluate("Object.getOwnPropertyNames(globalThis).sort().join(',')", "probe")
                .get(5, TimeUnit.SECONDS);
        Set<String> expected = new HashSet<>(Sandbox.STANDARD_GLOBALS);
        expected.addAll(List.of(
                "App",
                "Page",
                "Component",
                "Behavior",
                "getApp",
                "getCurrentPages",
                "ft",
                "wx",
                "global",
                "console",
                "setTimeout",
                "setInterval",
                "clearTimeout",
                "clearInterval"));
        // The page's own top-level function ('attempt') is not among them: every script is a module.
        assertThat(Set.of(names.split(","))).isEqualTo(expected);
        // No 'constructor' reachable from the globals, their prototypes, and the built-in iterators
        // and generators compiles code: each is an allowed global (the refusal stands in for Function
        // and GeneratorFunction), a function that is its own prototype's constructor, or one that,
        // given source text, runs none of it.
        String hidden = (String) sandbox.evaluate("""
                (function () {
                  var allowed = new Set(Object.getOwnPropertyNames(globalThis).map(function (n) { return globalThis[n]; }));
                  // %TypedArray%, the abstract parent of the typed arrays: it only throws when called.
                  allowed.add(Object.getPrototypeOf(Int8Array));
                  var seen = new Set(), found = [];
                  // The refusals stop any script that touches them, this one included.
                  var refusals = new Set(['Packages', 'java', 'javax', 'org', 'com', 'net', 'JavaAdapter', 'JavaImporter',
                    'importPackage', 'importClass', 'getClass', 'load', 'loadClass', 'defineClass', 'spawn', 'sync', 'runCommand']);
                  // A candidate compiles code if, given source text, it answers something that runs it.
                  function compiles(f) {
                    var made = [];
                    try { made.push(new f('return 6*7')); } catch (e) { }
                    try { made.push(new f('yield 6*7')); } catch (e) { }
                    return made.some(function (m) {
                      try { var r = m(); return r === 42 || (r && typeof r.next === 'function' && r.next().value === 42); } catch (e) { return false; }
                    });
                  }
                  function walk(o, path, depth, owner) {
                    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o) || depth > 8) return;
                    seen.add(o);
                    Object.getOwnPropertyNames(o).forEach(function (n) {
                      if (refusals.has(n)) return;
                      var v;
                      try { v = o[n]; } catch (e) { return; }
                      // A function is its own prototype's constructor; anything else is checked by what it does.
                      if (n === 'constructor' && typeof v === 'function' && !allowed.has(v) && v !== owner && compiles(v)) found.push(path + '.constructor');
                      walk(v, path + '.' + n, depth + 1, n === 'prototype' ? o : undefined);
                    });
                    walk(Object.getPrototypeOf(o), path + '.__proto__', depth + 1, undefined);
                  }
                  walk(globalThis, 'globalThis', 0);
                  [function* () {}, (function* () {})(), [][Symbol.iterator](), new Map().entries(), new Set().values(),
                   'a'[Symbol.iterator](), 'aa'.matchAll(/a/g), Promise.resolve(1), (function () { return arguments; })(), /x/]
                    .forEach(function (x, i) { walk(x, 'instance' + i, 0); });
                  return found.join(',');
                })()""", "probe").get(10, TimeUnit.SECONDS);
        assertThat(hidden).isEmpty();
        // What the page tried: nothing compiled code, every attempt was refused.
        assertThat(session.currentPage().data().get("results").toString())
                .doesNotContain("42")
                .contains("refused: ReferenceError")
                .contains("undefinedundefinedundefinedundefinedundefined");
    }
}
