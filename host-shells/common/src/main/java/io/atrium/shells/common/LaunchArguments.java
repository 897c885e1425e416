package io.atrium.shells.common;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.LaunchOptions;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.UserAttributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The launch arguments both host shells take after {@code run}: a local package
 * ({@code --package FILE.zip --allow-unsigned}) or the platform ({@code --server URL --host-app ID
 * --secret S --mini-program ID --user USERID}), with {@code --page}, {@code --query k=v} and
 * {@code --storage DIR}. A shell adds options of its own (the web host's {@code --port}).
 */
public final class LaunchArguments {

    private Path packageFile;
    private boolean allowUnsigned;
    private String server;
    private String hostApp;
    private String secret;
    private String miniProgram;
    private String user;
    private String page;
    private final Map<String, String> query = new LinkedHashMap<>();
    private Path storage;

    private LaunchArguments(String shell) {
        storage = Path.of(System.getProperty("user.home"), ".atrium", shell);
    }

    /**
     * Parses {@code run} and its options.
     *
     * @param shell the shell's name, which names its default storage folder ({@code ~/.atrium/<shell>})
     * @param extra the shell's own options that take a value, by flag
     * @throws IllegalArgumentException naming the option at fault
     */
    public static LaunchArguments parse(String shell, String[] args, Map<String, Consumer<String>> extra) {
        if (args.length == 0 || !args[0].equals("run")) {
            throw new IllegalArgumentException("the only command is 'run'");
        }
        LaunchArguments a = new LaunchArguments(shell);
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--allow-unsigned" -> a.allowUnsigned = true;
                case "--package" -> a.packageFile = Path.of(value(flag, rest));
                case "--server" -> a.server = value(flag, rest);
                case "--host-app" -> a.hostApp = value(flag, rest);
                case "--secret" -> a.secret = value(flag, rest);
                case "--mini-program" -> a.miniProgram = value(flag, rest);
                case "--user" -> a.user = value(flag, rest);
                case "--page" -> a.page = value(flag, rest);
                case "--storage" -> a.storage = Path.of(value(flag, rest));
                case "--query" -> {
                    String pair = value(flag, rest);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--query takes k=v, not '" + pair + "'");
                    }
                    a.query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                default -> {
                    Consumer<String> own = extra.get(flag);
                    if (own == null) {
                        throw new IllegalArgumentException("unknown option " + flag);
                    }
                    own.accept(value(flag, rest));
                }
            }
        }
        if ((a.packageFile == null) == (a.server == null)) {
            throw new IllegalArgumentException("give either --package or --server");
        }
        if (a.server != null && (a.hostApp == null || a.secret == null || a.miniProgram == null || a.user == null)) {
            throw new IllegalArgumentException("--server needs --host-app, --secret, --mini-program and --user");
        }
        return a;
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    /** Where the runtime keeps its cache and storage. */
    public Path storage() {
        return storage;
    }

    /**
     * Launches what the arguments name, with a runtime from {@code builder} (which has the shell's
     * UI and listener already).
     *
     * @throws LaunchException naming the cause: an unsigned package without {@code --allow-unsigned},
     *                         a missing file, or whatever the runtime refused
     */
    public MiniProgramSession launch(AtriumRuntime.Builder builder) {
        builder.storageDir(storage);
        LaunchOptions options = new LaunchOptions(page, query);
        if (packageFile != null) {
            if (!allowUnsigned) {
                throw new LaunchException(LaunchException.Reason.UNSIGNED, packageFile + " is unsigned; pass --allow-unsigned to run it (development only)");
            }
            if (!Files.isRegularFile(packageFile)) {
                throw new LaunchException(LaunchException.Reason.INVALID_PACKAGE, "no such package file " + packageFile);
            }
            return builder.allowUnsigned(true).build().launchLocal(packageFile, options);
        }
        return builder.platformUrl(server).hostApp(hostApp, secret).build().launch(miniProgram, UserAttributes.of(user), options);
    }

    /** What runs, in one line: which mini-program, which version, from where. */
    public String describe(MiniProgramSession session) {
        if (packageFile != null) {
            return session.miniProgramId() + " from " + packageFile + " (unsigned, local development policy)";
        }
        return session.miniProgramId() + " version " + session.version()
                + (session.grayReleaseId() == null ? "" : " (gray release " + session.grayReleaseId() + ")");
    }

    /** A refused launch as one line. */
    public static String refusal(LaunchException e) {
        return "launch refused (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage().replaceAll("\\s+", " ").strip();
    }
}
