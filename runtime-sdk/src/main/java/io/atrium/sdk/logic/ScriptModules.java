package io.atrium.sdk.logic;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.ScriptableObject;

/**
 * Compiles a package's script files into CommonJS module bodies: {@code function (require, module,
 * exports) {...}}, in the sandbox's global scope, named by the file's path. The header is on the
 * source's first line, so line n of the file is line n of every error.
 */
final class ScriptModules {

    /** No newline: the file's first line stays line 1. */
    private static final String HEADER = "function (require, module, exports) {";

    private ScriptModules() {}

    /** A plain path inside the package to a script: no leading slash, no empty, "." or ".." segment. */
    static boolean isModulePath(String path) {
        if (!path.endsWith(".js") || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The module body of a file. Only a function is compiled, and nothing runs: source that closes
     * the header's brace early ends the body there, and whatever follows it is never executed.
     */
    static Function compile(Context cx, Sandbox sandbox, String path, String source) {
        ScriptableObject global = sandbox.global();
        if (global == null) {
            throw new IllegalStateException("the sandbox is stopped");
        }
        return cx.compileFunction(global, HEADER + source + "\n}", path, 1, null);
    }
}
