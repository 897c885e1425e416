package io.atrium.shells.common;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.LaunchOptions;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.UserAttributes;
import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageRejectedException;
import io.atrium.sdk.packaging.ScriptCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The launch options both host shells take after {@code run}, as a picocli mixin: a local package
 * ({@code --package FILE.zip --allow-unsigned}, or an app's folder, packed as WeChat's tools do) or the platform ({@code --server URL --host-app ID
 * --secret S --bundle-id ID --mini-program ID --user USERID}), with {@code --page}, {@code --query k=v} and
 * {@code --storage DIR}. A shell adds options of its own (the web host's {@code --port}) on the
 * command that mixes this in, and calls {@link #validate()} before it launches.
 */
public final class LaunchArguments {

    // picocli sets what the command line gives: every option left out stays null.

    @Option(
            names = "--package",
            paramLabel = "FILE.zip|FOLDER",
            description = "A local package to run (development only): a zip, or an app's folder, packed as WeChat's"
                    + " tools do.")
    private @Nullable Path packageFile;

    @Option(names = "--allow-unsigned", description = "Run a package that carries no platform signature.")
    private boolean allowUnsigned;

    @Option(names = "--server", paramLabel = "URL", description = "The platform to fetch the mini-program from.")
    private @Nullable String server;

    @Option(names = "--host-app", paramLabel = "ID", description = "This host app's id on the platform.")
    private @Nullable String hostApp;

    @Option(names = "--secret", paramLabel = "S", description = "This host app's signing secret.")
    private @Nullable String secret;

    @Option(
            names = "--bundle-id",
            paramLabel = "ID",
            description = "This shell's bundle id / package name, one registered for the host app (signed with each"
                    + " platform request).")
    private @Nullable String bundleId;

    @Option(names = "--mini-program", paramLabel = "ID", description = "The mini-program to run.")
    private @Nullable String miniProgram;

    @Option(names = "--user", paramLabel = "USERID", description = "The user the platform resolves the version for.")
    private @Nullable String user;

    @Option(
            names = "--page",
            paramLabel = "PATH",
            description = "The page to open first (default: the package's first page).")
    private @Nullable String page;

    @Option(
            names = "--query",
            paramLabel = "k=v",
            description = "A query parameter for the first page; repeat for more.")
    private Map<String, String> query = new LinkedHashMap<>();

    @Option(
            names = "--storage",
            paramLabel = "DIR",
            description = "Where the runtime keeps its cache and storage (default: ~/.atrium/<shell>).")
    private @Nullable Path storage;

    /** What packing the local package left out; empty until {@link #launch} packs one. */
    private List<PackageBuilder.LeftOut> leftOut = List.of();

    /** The command this is mixed into: its root names the shell, and so the default storage folder. */
    @Spec(Spec.Target.MIXEE)
    private @Nullable CommandSpec mixee;

    /**
     * Checks what picocli cannot: exactly one source, and all of the platform options together.
     *
     * @throws ParameterException naming the options at fault
     */
    public void validate() {
        if ((packageFile == null) == (server == null)) {
            throw refusal("give either --package or --server");
        }
        if (server != null
                && (hostApp == null || secret == null || bundleId == null || miniProgram == null || user == null)) {
            throw refusal("--server needs --host-app, --secret, --bundle-id, --mini-program and --user");
        }
    }

    private ParameterException refusal(String message) {
        CommandSpec spec = Objects.requireNonNull(mixee, "LaunchArguments is used as a picocli mixin");
        return new ParameterException(spec.commandLine(), message);
    }

    /** Where the runtime keeps its cache and storage. */
    public Path storage() {
        Path dir = storage;
        if (dir != null) {
            return dir;
        }
        CommandSpec spec = mixee;
        String shell = spec == null ? "shell" : spec.root().name();
        return Path.of(System.getProperty("user.home"), ".atrium", shell);
    }

    /**
     * Launches what the arguments name, with a runtime from {@code builder} (which has the shell's
     * UI and listener already), scripts of a local package left as written.
     *
     * @throws LaunchException naming the cause: an unsigned package without {@code --allow-unsigned},
     *                         a missing file, or whatever the runtime refused
     */
    public MiniProgramSession launch(AtriumRuntime.Builder builder) {
        // Babel loads only if a script needs it, and lives as long as this host's process.
        return launch(builder, SharedCompiler.INSTANCE);
    }

    /** One compiler per host process: Babel takes seconds to load, and a host may launch again. */
    private static final class SharedCompiler {
        static final ScriptCompiler INSTANCE = new io.atrium.compiler.BabelScriptCompiler();
    }

    /**
     * Launches what the arguments name; a local package (a zip or a folder) is first packed as
     * WeChat's tools do, its scripts through {@code compiler}.
     *
     * @throws LaunchException naming the cause: an unsigned package without {@code --allow-unsigned},
     *                         a missing file, a folder or zip that makes no package, or whatever
     *                         the runtime refused
     */
    public MiniProgramSession launch(AtriumRuntime.Builder builder, ScriptCompiler compiler) {
        builder.storageDir(storage());
        LaunchOptions options = new LaunchOptions(page, query);
        Path file = packageFile;
        if (file != null) {
            if (!allowUnsigned) {
                throw new LaunchException(
                        LaunchException.Reason.UNSIGNED,
                        file + " is unsigned; pass --allow-unsigned to run it (development only)");
            }
            if (!Files.isRegularFile(file) && !Files.isDirectory(file)) {
                throw new LaunchException(LaunchException.Reason.INVALID_PACKAGE, "no such package file " + file);
            }
            AtriumRuntime runtime = builder.allowUnsigned(true).build();
            Path dir = null;
            try {
                dir = Files.createTempDirectory("atrium-package");
                // Named as the source is, so the local mini-program's id stays the one its zip gave it.
                String name = file.toAbsolutePath()
                        .normalize()
                        .getFileName()
                        .toString()
                        .replaceAll("\\.zip$", "");
                Path packed = dir.resolve(name + ".zip");
                leftOut = new PackageBuilder(PackageLimits.DEFAULT, compiler)
                        .build(file, packed)
                        .leftOut();
                // The runtime reads the whole package in, so the packed copy can go once it has started.
                return runtime.launchLocal(packed, options);
            } catch (PackageRejectedException e) {
                throw new LaunchException(
                        LaunchException.Reason.INVALID_PACKAGE, file + " is not a valid package: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new LaunchException(
                        LaunchException.Reason.INVALID_PACKAGE, "cannot pack " + file + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(dir);
            }
        }
        validate();
        return builder.platformUrl(Objects.requireNonNull(server))
                .hostApp(
                        Objects.requireNonNull(hostApp),
                        Objects.requireNonNull(secret),
                        Objects.requireNonNull(bundleId))
                .build()
                .launch(Objects.requireNonNull(miniProgram), UserAttributes.of(Objects.requireNonNull(user)), options);
    }

    private static void deleteQuietly(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind costs only disk space; the launch itself succeeded or failed already.
        }
    }

    /** What packing the local package left out (documents, dotfiles...), empty before a launch or for the platform. */
    public List<PackageBuilder.LeftOut> leftOut() {
        return leftOut;
    }

    /** What runs, in one line: which mini-program, which version, from where. */
    public String describe(MiniProgramSession session) {
        if (packageFile != null) {
            return session.miniProgramId() + " from " + packageFile + " (unsigned, local development policy"
                    + (leftOut.isEmpty() ? "" : "; " + leftOut.size() + " file(s) left out as WeChat's tools do") + ")";
        }
        String grayReleaseId = session.grayReleaseId();
        return session.miniProgramId() + " version " + session.version()
                + (grayReleaseId == null ? "" : " (gray release " + grayReleaseId + ")");
    }

    /** A refused launch as one line. */
    public static String refusal(LaunchException e) {
        return "launch refused (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): "
                + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    }
}
