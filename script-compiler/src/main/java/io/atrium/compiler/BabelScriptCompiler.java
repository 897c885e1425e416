package io.atrium.compiler;

import io.atrium.sdk.packaging.ScriptCompileException;
import io.atrium.sdk.packaging.ScriptCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;

/**
 * Babel ({@code @babel/standalone}, fetched from npm by the build) running on GraalJS, compiling
 * ES2015-ES2020 scripts to ES5 with their line numbers kept. Scripts that are plain ES5 are
 * answered as they are without starting Babel (see {@link Es5Scripts}).
 *
 * <p>Babel is loaded on first need (some seconds: GraalJS interprets it on a stock JDK, which has
 * no Truffle compiler) and kept for later scripts, once per process whatever the number of
 * compilers made (a server's test suite starts many application contexts). One script compiles at
 * a time in the process. The JavaScript
 * context has no access to the host: no Java classes, files, threads or network; a script that
 * keeps Babel busy past the time limit is refused and the context is rebuilt.
 */
public final class BabelScriptCompiler implements ScriptCompiler, AutoCloseable {

    /** Generous: a 100 KB script compiles in a few seconds here. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

    /**
     * The largest script Babel is given. Hand-written page code is far smaller; a larger script is
     * a bundled library, which its tools compile to ES5 before it is shipped (and ES5 skips Babel).
     */
    public static final int MAX_SCRIPT_CHARS = 512 * 1024;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atrium-babel-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Compiled scripts kept, by path and source: a package uploaded again compiles in no time. */
    private static final int CACHE_ENTRIES = 512;
    /** ...and at most this many characters of them, so large scripts cannot fill the heap. */
    private static final long CACHE_CHARS = 16L << 20;

    /** Guards the process-wide Babel and cache below. */
    private static final Object LOCK = new Object();

    private static @Nullable Loaded loaded;
    private static final java.util.LinkedHashMap<String, String> CACHE = new java.util.LinkedHashMap<>(64, 0.75f, true);
    private static long cachedChars;

    private final Duration timeLimit;

    public BabelScriptCompiler() {
        this(DEFAULT_TIME_LIMIT);
    }

    public BabelScriptCompiler(Duration timeLimit) {
        this.timeLimit = timeLimit;
    }

    private record Loaded(Engine engine, Context context, Value compile) {
        void close() {
            context.close(true);
            engine.close();
        }
    }

    /** Whether a script uses anything past ES5, so that {@link #compile} would send it to Babel. */
    public static boolean needsCompiling(String source) {
        return !Es5Scripts.isPlainEs5(source);
    }

    @Override
    public String compile(String path, String source) {
        if (Es5Scripts.isPlainEs5(source)) {
            return source;
        }
        return compileWithBabel(path, source);
    }

    /** Babel, whatever the script: for measuring it, and for scripts known to need it. */
    public String compileWithBabel(String path, String source) {
        if (source.length() > MAX_SCRIPT_CHARS) {
            throw new ScriptCompileException(
                    path,
                    0,
                    "is " + source.length() + " characters of ES2015+; at most " + MAX_SCRIPT_CHARS
                            + " are compiled here (compile a bundled library to ES5 before uploading)",
                    null);
        }
        synchronized (LOCK) {
            String key = path + '\u0000' + source;
            String known = CACHE.get(key);
            if (known != null) {
                return known;
            }
            String compiled = babel(path, source);
            remember(key, compiled);
            return compiled;
        }
    }

    private static void remember(String key, String compiled) {
        long size = (long) key.length() + compiled.length();
        if (size > CACHE_CHARS / 4) {
            return;
        }
        CACHE.put(key, compiled);
        cachedChars += size;
        var eldest = CACHE.entrySet().iterator();
        while ((CACHE.size() > CACHE_ENTRIES || cachedChars > CACHE_CHARS) && eldest.hasNext()) {
            var entry = eldest.next();
            cachedChars -= (long) entry.getKey().length() + entry.getValue().length();
            eldest.remove();
        }
    }

    private String babel(String path, String source) {
        Loaded babel = load();
        ScheduledFuture<?> watchdog =
                WATCHDOG.schedule(() -> babel.context().close(true), timeLimit.toMillis(), TimeUnit.MILLISECONDS);
        Value answer;
        try {
            answer = babel.compile().execute(source, path);
        } catch (PolyglotException e) {
            // Cancelled by the watchdog, or Babel itself broke: either way this context is done.
            discard();
            if (e.isCancelled()) {
                throw new ScriptCompileException(
                        path, 0, "took longer than " + timeLimit.toSeconds() + " s to compile", null);
            }
            throw new ScriptCompileException(path, 0, "the compiler failed: " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
        if (answer.hasMember("error") && !answer.getMember("error").isNull()) {
            throw new ScriptCompileException(
                    path,
                    answer.getMember("line").asInt(),
                    answer.getMember("error").asString(),
                    null);
        }
        return answer.getMember("code").asString();
    }

    /** Loads Babel now rather than at the first script that needs it (a server warming up). */
    public void warmUp() {
        synchronized (LOCK) {
            load();
        }
    }

    private static Loaded load() {
        Loaded babel = loaded;
        if (babel == null) {
            Engine engine = Engine.newBuilder("js")
                    // A stock JDK has no Truffle compiler; interpreting is expected, not worth a warning.
                    .option("engine.WarnInterpreterOnly", "false")
                    .build();
            Context context = Context.newBuilder("js")
                    .engine(engine)
                    .allowAllAccess(false)
                    .allowHostAccess(org.graalvm.polyglot.HostAccess.NONE)
                    .allowIO(org.graalvm.polyglot.io.IOAccess.NONE)
                    .allowCreateThread(false)
                    .allowNativeAccess(false)
                    .build();
            try {
                context.eval(Source.newBuilder("js", resource("babel/babel.min.js"), "babel.min.js")
                        .build());
                Value compile = context.eval(Source.newBuilder("js", resource("compile.js"), "compile.js")
                        .build());
                babel = new Loaded(engine, context, compile);
            } catch (IOException | RuntimeException e) {
                context.close(true);
                engine.close();
                throw new IllegalStateException("Babel could not be loaded", e);
            }
            loaded = babel;
        }
        return babel;
    }

    private static void discard() {
        Loaded babel = loaded;
        loaded = null;
        if (babel != null) {
            try {
                babel.close();
            } catch (RuntimeException e) {
                // already closed by the watchdog
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BabelScriptCompiler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing: the build fetches Babel from npm");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Unloads Babel (for every compiler of the process); the next script that needs it loads it again. */
    @Override
    public void close() {
        synchronized (LOCK) {
            discard();
        }
    }
}
