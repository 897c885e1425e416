package io.atrium.sdk.packaging;

import org.jspecify.annotations.Nullable;

/** A script that does not compile: its package path, the line (1-based, 0 when unknown) and why. */
public final class ScriptCompileException extends RuntimeException {

    private final String path;
    private final int line;

    public ScriptCompileException(String path, int line, String reason, @Nullable Throwable cause) {
        super(path + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.path = path;
        this.line = line;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }
}
