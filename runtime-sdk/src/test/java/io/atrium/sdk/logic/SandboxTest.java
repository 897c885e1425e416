package io.atrium.sdk.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile scripts, on purpose: each must be stopped with the right violation, and the host told. */
class SandboxTest {

    private static final SandboxLimits TIGHT = new SandboxLimits(
            5_000_000, Duration.ofMillis(700), 64L << 20, 200, 1 << 16, 8, Duration.ofMillis(4), 1 << 16);

    private final List<SandboxViolation> reported = new CopyOnWriteArrayList<>();
    private final Sandbox sandbox = new Sandbox("mp-hostile", TIGHT, reported::add);

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Object eval(String source) {
        return eval(sandbox, source);
    }

    private static Object eval(Sandbox sandbox, String source) {
        try {
            return sandbox.evaluate(source, "test.js").get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private SandboxViolation violation(String source) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> eval(source));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SandboxViolation.class);
        SandboxViolation v = (SandboxViolation) thrown.getCause();
        assertThat(reported).contains(v);
        assertThat(v.miniProgramId()).isEqualTo("mp-hostile");
        return v;
    }

    @Test
    void ordinaryScriptsRun() {
        assertThat(eval("var xs = [1,2,3].map(x => x * 2); JSON.stringify({xs: xs, s: `n=${xs.length}`})"))
                .isEqualTo("{\"xs\":[2,4,6],\"s\":\"n=3\"}");
        assertThat(reported).isEmpty();
    }

    @Test
    void endlessLoopIsStoppedAndCannotBeCaught() {
        SandboxViolation v = violation("try { while (true) {} } catch (e) { 'swallowed' } finally { 'ignored' }");
        assertThat(v.kind()).isIn(SandboxViolation.Kind.INSTRUCTION_BUDGET, SandboxViolation.Kind.TIME_BUDGET);
        // The sandbox survives a stopped callback.
        assertThat(eval("1 + 1")).isEqualTo(2.0);
    }

    @Test
    void deepRecursionIsStopped() {
        SandboxViolation v = violation("function f(n) { return f(n + 1) + 1; } f(0)");
        assertThat(v.kind()).isEqualTo(SandboxViolation.Kind.STACK_DEPTH);
        assertThat(eval("'alive'")).isEqualTo("alive");
    }

    @Test
    void hugeAllocationIsStopped() {
        SandboxViolation v =
                violation("var keep = []; for (;;) { keep.push(new Array(10000).join('x') + keep.length); }");
        // On a loaded machine the callback gets little CPU, and its time may run out first.
        assertThat(v.kind())
                .isIn(
                        SandboxViolation.Kind.MEMORY_BUDGET,
                        SandboxViolation.Kind.INSTRUCTION_BUDGET,
                        SandboxViolation.Kind.TIME_BUDGET);
    }

    @Test
    void stringDoublingIsStopped() {
        SandboxViolation v = violation("var s = 'x'; while (true) { s = s + s; }");
        assertThat(v.kind()).isIn(SandboxViolation.Kind.MEMORY_BUDGET, SandboxViolation.Kind.INSTRUCTION_BUDGET);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Packages.java.lang.System.exit(1)",
                "java.lang.Runtime.getRuntime().exec('id')",
                "new JavaAdapter(Object, {})",
                "importPackage(java.io)",
                "importClass('java.io.File')",
                "({}).getClass()",
                "JavaImporter()",
                "eval('1 + 1')",
                "Function('return this')()",
                "new Function('return 1')",
                "(function(){}).constructor('return this')()",
                "(() => 1).constructor('return 1')()",
                "(function*(){}).constructor('yield 1')().next()",
                "Object.getPrototypeOf(function(){}).constructor('return 1')()",
                "load('/etc/passwd')",
                "runCommand('id')",
            })
    void waysOutOfTheSandboxAreRefused(String attempt) {
        SandboxViolation v = violation("try { " + attempt + " } catch (e) { 'caught: ' + e }");
        assertThat(v.kind()).isEqualTo(SandboxViolation.Kind.ESCAPE);
    }

    @Test
    void javaClassesAreNotVisibleEvenThroughTheClassShutter() {
        // Nothing named java.* resolves: the names are refusals, and there is no LiveConnect.
        assertThat(eval("typeof Packages")).isEqualTo("function");
        assertThat(eval("typeof Java")).isEqualTo("undefined");
        assertThat(eval("typeof XML")).isEqualTo("undefined");
        // Functions keep working after the lock-down.
        assertThat(
                        eval(
                                "(function(a) { return a + this.x; }).call({x: 1}, 2) + (function(a) { return a; }).bind(null, 3)()"))
                .isEqualTo(6.0);
    }

    @Test
    void aMiniProgramCannotPolluteAnothersPrototypes() {
        try (Sandbox other = new Sandbox("mp-victim", TIGHT, reported::add)) {
            eval("Object.prototype.polluted = 'yes'; Array.prototype.push = function() { return 'hijacked'; }; 'done'");
            assertThat(eval(other, "typeof ({}).polluted")).isEqualTo("undefined");
            assertThat(eval(other, "var a = []; a.push(1); a.length")).isEqualTo(1.0);
        }
    }

    @Test
    void uncaughtScriptErrorsAreScriptErrorsWithTheirPlace() {
        assertThatThrownBy(() -> eval("var a = 1;\nnull.x"))
                .hasCauseInstanceOf(ScriptError.class)
                .cause()
                .hasMessageContaining("test.js:2");
        assertThat(reported).isEmpty();
    }

    @Test
    void catastrophicRegexBacktrackingIsCounted() {
        SandboxViolation v = violation("/^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')");
        assertThat(v.kind()).isIn(SandboxViolation.Kind.INSTRUCTION_BUDGET, SandboxViolation.Kind.TIME_BUDGET);
        assertThat(sandbox.isDead()).isFalse();
    }

    @Test
    void aCallbackThatIgnoresItsBudgetIsKilledWithoutHurtingTheHost() {
        // Stands for a built-in that never checks the budget: only the watchdog can stop it.
        var stuck = sandbox.run((cx, global) -> {
            while (true) {
                Thread.onSpinWait();
            }
        });
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> stuck.get(10, TimeUnit.SECONDS));
        assertThat(thrown.getCause()).isInstanceOf(SandboxViolation.class);
        assertThat(((SandboxViolation) thrown.getCause()).kind()).isEqualTo(SandboxViolation.Kind.TIME_BUDGET);
        assertThat(sandbox.isDead()).isTrue();
        assertThatThrownBy(() -> eval("1")).hasCauseInstanceOf(SandboxViolation.class);
        try (Sandbox next = new Sandbox("mp-next", TIGHT, reported::add)) {
            assertThat(eval(next, "2 * 21")).isEqualTo(42.0);
        }
    }
}
