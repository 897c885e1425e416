package io.atrium.sdk.packaging;

/**
 * Turns a mini-program's script, as its developer wrote it (ES2015 and later), into what the
 * sandbox runs. The runtime SDK holds only this port: the compiler itself (large) is plugged in by
 * the platform at upload and by development hosts, so the SDK host apps embed does not grow by it,
 * and sealed packages carry scripts already compiled.
 *
 * <p>An implementation keeps line numbers: an error the sandbox reports at line N of a compiled
 * file is at line N of the file its developer wrote.
 */
@FunctionalInterface
public interface ScriptCompiler {

    /** Leaves every script as it is: for packages already built, and for tests of the runtime alone. */
    ScriptCompiler NONE = (path, source) -> source;

    /**
     * The script at {@code path} (a package path such as {@code pages/index/index.js}) as the
     * sandbox runs it; {@code source} itself when it needs no compiling.
     *
     * @throws ScriptCompileException naming the line when the script does not parse
     */
    String compile(String path, String source);
}
