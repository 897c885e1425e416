package io.atrium.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.packaging.ScriptCompileException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.Scriptable;

/**
 * What Babel's output does when Rhino runs it at the sandbox's language level: each ES2015-ES2020
 * feature real mini-programs use gives the value it gives in WeChat.
 */
class BabelScriptCompilerTest {

    private static final BabelScriptCompiler COMPILER = new BabelScriptCompiler();

    @AfterAll
    static void close() {
        COMPILER.close();
    }

    /** Compiles {@code source}, runs it as the sandbox would, and answers the global {@code r}. */
    private static String run(String source) {
        String compiled = COMPILER.compile("pages/t/t.js", source);
        Context cx = Context.enter();
        try {
            cx.setLanguageVersion(Context.VERSION_ES6);
            cx.setInterpretedMode(true);
            Scriptable scope = cx.initStandardObjects();
            cx.evaluateString(scope, compiled, "pages/t/t.js", 1, null);
            cx.processMicrotasks();
            return Context.toString(scope.get("r", scope));
        } finally {
            Context.exit();
        }
    }

    @Test
    void plainEs5IsAnsweredAsItIs() {
        String es5 = "var util = require('../../utils/util.js');\n"
                + "Page({ data: { a: 1 }, get x() { return 1; }, onLoad: function (q) { this.setData({a: q.a}); } });\n";
        assertThat(COMPILER.compile("pages/a/a.js", es5)).isSameAs(es5);
    }

    @Test
    void whatRhinoParsesBeforeEs2015ButEs5LacksStillGoesThroughBabel() {
        for (String modern : java.util.List.of(
                "var f = (a) => a;",
                "var s = `x${1}`;",
                "const k = 1;",
                "function f(a, b = 2) { return a + b; }",
                "function f(a, ...rest) { return rest; }",
                "var o = { m() { return 1; } };",
                "var a = 1; var o = { a };",
                "var o = { ['k' + 1]: 1 };",
                "var o = { ...p };",
                "var a = [...b];",
                "function* g() { yield 1; }")) {
            assertThat(COMPILER.compile("a.js", modern)).as(modern).isNotEqualTo(modern);
        }
    }

    @Test
    void aScriptCompiledBeforeIsAnsweredFromMemory() {
        String source = "const twice = (x) => x * 2; var r = twice(21);";
        String first = COMPILER.compile("pages/memo/memo.js", source);
        assertThat(COMPILER.compile("pages/memo/memo.js", source)).isSameAs(first);
        assertThat(COMPILER.compile("pages/other/other.js", source))
                .isNotSameAs(first)
                .isEqualTo(first);
    }

    @Test
    void aScriptLargerThanBabelIsGivenIsRefusedWithoutStartingIt() {
        String huge = "const x = 1;\n" + "var pad = 0;\n".repeat(BabelScriptCompiler.MAX_SCRIPT_CHARS / 12);
        assertThatThrownBy(() -> COMPILER.compile("vendor/big.js", huge))
                .isInstanceOf(ScriptCompileException.class)
                .hasMessageContaining("compile a bundled library to ES5");
    }

    @Test
    void letInLoopsKeepsOneBindingPerIteration() {
        // Rhino alone runs this as "3,3": the reason every let goes through Babel.
        assertThat(
                        run(
                                "var fs = []; for (let i = 0; i < 3; i++) { fs.push(() => i); } var r = fs[0]() + ',' + fs[2]();"))
                .isEqualTo("0,2");
    }

    @Test
    void spreadInCallsAndArrays() {
        assertThat(run("const list = [1]; const items = [2, 3]; list.push(...items); var r = [...list, 4].join('-');"))
                .isEqualTo("1-2-3-4");
    }

    @Test
    void classesWithGettersStaticsAndInheritance() {
        assertThat(run(
                        "class A { constructor(x = 2) { this.x = x; } get double() { return this.x * 2; } static of(x) { return new B(x); } }\n"
                                + "class B extends A { describe() { return `B(${this.double})`; } }\n"
                                + "var r = A.of(5).describe();"))
                .isEqualTo("B(10)");
    }

    @Test
    void destructuringDefaultsRestAndObjectSpread() {
        assertThat(run("const { a, b: [c, ...rest], d = 9 } = { a: 1, b: [2, 3, 4] };\n"
                        + "const o = { ...{ k: 1 }, a, c };\n"
                        + "var r = [a, c, rest.length, d, o.k, o.a].join(',');"))
                .isEqualTo("1,2,2,9,1,1");
    }

    @Test
    void asyncAwaitRunsOnRhinosPromises() {
        assertThat(run("var r = 'pending';\n"
                        + "const wait = (v) => new Promise(resolve => resolve(v));\n"
                        + "async function load() { const x = await wait(20); const y = await wait(22); return x + y; }\n"
                        + "load().then(v => { r = `got ${v}`; });"))
                .isEqualTo("got 42");
    }

    @Test
    void optionalChainingNullishAndExponent() {
        assertThat(run("const o = { p: null }; var r = [o?.p?.q, o.p ?? 'dflt', 2 ** 5].join('|');"))
                .isEqualTo("|dflt|32");
    }

    @Test
    void forOfShorthandAndComputedKeys() {
        assertThat(
                        run(
                                "let s = 0; for (const x of [1, 2, 3]) s += x; const k = 'n'; const o = { [k + 1]: s, s, m() { return this.s; } }; var r = o.n1 + o.m();"))
                .isEqualTo("12");
    }

    @Test
    void esModulesBecomeCommonJs() {
        String compiled = COMPILER.compile(
                "utils/format.js",
                "import { pad } from './pad';\nexport const stamp = (n) => pad(n);\nexport default stamp;\n");
        assertThat(compiled)
                .contains("require(\"./pad\")")
                .contains("exports.stamp")
                .contains("exports.default");
    }

    @Test
    void anErrorAtRuntimeNamesTheLineTheDeveloperWrote() {
        String source = "const a = 1;\n" + "const f = () => {\n" + "  const { x } = null;\n" + "};\n" + "f();\n";
        assertThatThrownBy(() -> run(source))
                .isInstanceOfAny(EcmaError.class, JavaScriptException.class)
                .satisfies(e -> assertThat(((org.mozilla.javascript.RhinoException) e).lineNumber())
                        .isEqualTo(3));
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        assertThatThrownBy(() -> COMPILER.compile("pages/b/b.js", "const a = 1;\nconst b = ;\n"))
                .isInstanceOf(ScriptCompileException.class)
                .hasMessageStartingWith("pages/b/b.js:2: ")
                .satisfies(e -> assertThat(((ScriptCompileException) e).line()).isEqualTo(2));
    }

    @Test
    void aScriptThatKeepsBabelBusyPastTheLimitIsRefusedAndTheCompilerRecovers() {
        try (BabelScriptCompiler impatient = new BabelScriptCompiler(Duration.ofMillis(1))) {
            impatient.warmUp();
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                big.append("const v").append(i).append(" = (a) => `${a}`;\n");
            }
            assertThatThrownBy(() -> impatient.compile("pages/big/big.js", big.toString()))
                    .isInstanceOf(ScriptCompileException.class)
                    .hasMessageContaining("took longer than");
        }
        assertThat(run("var r = [1, 2].map(x => x * 3).join();")).isEqualTo("3,6");
    }
}
