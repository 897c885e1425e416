package io.atrium.sdk.logic;

/** The mini-program's own code failed (a syntax error, an exception it did not catch), with its place in the source. */
public class ScriptError extends RuntimeException {

    private final String source;
    private final int line;

    public ScriptError(String message, String source, int line) {
        super(message + (source == null ? "" : " (" + source + (line > 0 ? ":" + line : "") + ")"));
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
