package io.atrium.shells.cli;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.HostUi;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.PageView;
import io.atrium.sdk.RuntimeListener;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackagePart;
import io.atrium.sdk.packaging.PackageRejectedException;
import io.atrium.sdk.policy.PolicyDenial;
import io.atrium.shells.common.LaunchArguments;
import io.atrium.shells.common.ShellCommandLine;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The terminal host. {@code run} launches a mini-program (a local package, or the version the
 * platform resolves for a user), prints the page as text, then reads one command per line:
 * {@code tap <id>}, {@code input <id> <text>}, {@code open <page>[?query]}, {@code back},
 * {@code data}, {@code quit}, and prints the page again after each. {@code package} packs an app's
 * folder into a package zip as WeChat's tools do.
 */
public final class CliShell {

    private final PrintStream out;

    CliShell(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CliShell(System.out).run(args, System.in, System.err));
    }

    /** The shell itself: it only names its commands. */
    @Command(
            name = "cli-shell",
            mixinStandardHelpOptions = true,
            version = "Atrium terminal host",
            description = "Runs a mini-program in the terminal and prints its pages as text.")
    static final class Root implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw ShellCommandLine.noCommand(spec);
        }
    }

    /** {@code run}: launch, print the page, then read commands from stdin. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Launches a mini-program: a local package, or the version the platform resolves for a user.",
                "Then reads one command per line on stdin: tap <id> | input <id> <text> | open <page>[?query] | back | data | quit"
            })
    final class Run implements Callable<Integer> {
        @Mixin
        LaunchArguments launch;

        private final InputStream in;
        private final PrintStream err;

        Run(InputStream in, PrintStream err) {
            this.in = in;
            this.err = err;
        }

        @Override
        public Integer call() {
            launch.validate();
            MiniProgramSession session;
            try {
                session = launch.launch(
                        AtriumRuntime.builder().listener(listener()).ui(ui()));
            } catch (LaunchException e) {
                err.println("cli-shell: " + LaunchArguments.refusal(e));
                return 3;
            } catch (RuntimeException e) {
                err.println("cli-shell: launch failed: " + oneLine(String.valueOf(e.getMessage())));
                return 3;
            }
            out.println("running " + launch.describe(session));
            launch.leftOut().forEach(l -> out.println("[left out] " + l.path() + " (" + l.reason() + ")"));
            try (session) {
                print(session.currentPage());
                return loop(session, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            }
        }
    }

    /** {@code package}: pack an app's folder (or a zip of it) into a package zip, as WeChat's tools do. */
    @Command(
            name = "package",
            mixinStandardHelpOptions = true,
            description = {
                "Packs an app's folder (or a zip of it) into a code package as WeChat's tools do: files WeChat does not",
                "upload (documents, licences, dotfiles, node_modules, packOptions.ignore) are left out and listed;",
                "project.config.json's miniprogramRoot is honoured. Prints the size of each package."
            })
    final class Pack implements Callable<Integer> {
        @Parameters(paramLabel = "FOLDER|FILE.zip", description = "The app's folder, or a zip of it.")
        Path source;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE.zip",
                required = true,
                description = "Where to write the package.")
        Path output;

        private final PrintStream err;

        Pack(PrintStream err) {
            this.err = err;
        }

        @Override
        public Integer call() {
            if (!Files.exists(source)) {
                err.println("cli-shell: no such folder or zip " + source);
                return 3;
            }
            PackageBuilder.Result result;
            try (io.atrium.compiler.BabelScriptCompiler compiler = new io.atrium.compiler.BabelScriptCompiler()) {
                result = new PackageBuilder(PackageLimits.DEFAULT, compiler).build(source, output);
            } catch (PackageRejectedException e) {
                err.println("cli-shell: package refused (" + e.rule().code() + "): "
                        + oneLine(String.valueOf(e.getMessage())));
                return 3;
            } catch (java.io.IOException e) {
                err.println("cli-shell: cannot pack " + source + ": " + oneLine(String.valueOf(e.getMessage())));
                return 3;
            }
            for (PackageBuilder.LeftOut left : result.leftOut()) {
                out.println("left out  " + left.path() + "  (" + left.reason() + ")");
            }
            PackageLimits limits = PackageLimits.DEFAULT;
            for (PackagePart part : result.validated().parts()) {
                out.printf(
                        "%-40s %,10d bytes of %,d  %d page(s)%n",
                        part.label(),
                        part.bytes(),
                        limits.maxPackageBytes(),
                        part.pages().size());
            }
            out.printf(
                    "wrote %s: %d files, %,d bytes (%,d of %,d uncompressed), sha256 %s%n",
                    output,
                    result.validated().files().size(),
                    result.zipBytes(),
                    result.validated().totalBytes(),
                    limits.maxTotalBytes(),
                    result.sha256());
            out.flush();
            return 0;
        }
    }

    /** Runs the shell; answers the exit status (2 for bad arguments, 3 for a refused launch or package). */
    int run(String[] args, InputStream in, PrintStream err) {
        CommandLine commandLine =
                new CommandLine(new Root()).addSubcommand(new Run(in, err)).addSubcommand(new Pack(err));
        return ShellCommandLine.execute(commandLine, args, out, err);
    }

    private int loop(MiniProgramSession session, BufferedReader reader) {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.split("\\s+", 3);
                String command = words[0];
                if (command.equals("quit") || command.equals("exit")) {
                    return 0;
                }
                if (session.isClosed()) {
                    out.println("! the mini-program was stopped; quit and launch it again");
                    continue;
                }
                CompletableFuture<PageView> next = switch (command) {
                    case "tap" -> words.length < 2 ? null : session.tap(words[1]);
                    case "input" -> words.length < 2 ? null : session.input(words[1], words.length > 2 ? words[2] : "");
                    case "open" -> words.length < 2 ? null : session.open(words[1]);
                    case "back" -> session.back();
                    case "data" -> {
                        out.println(session.currentPage().dataJson());
                        yield null;
                    }
                    default -> {
                        out.println("! unknown command '" + command
                                + "'; try: tap <id> | input <id> <text> | open <page> | back | data | quit");
                        yield null;
                    }
                };
                if (next == null) {
                    if ((command.equals("tap") || command.equals("input") || command.equals("open"))
                            && words.length < 2) {
                        out.println("! " + command + " needs an element id or page");
                    }
                    continue;
                }
                try {
                    print(next.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    // An ExecutionException carries the failure as its cause.
                    Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
                    out.println("! "
                            + oneLine(
                                    cause instanceof ScriptError || cause instanceof SandboxViolation
                                            ? String.valueOf(cause.getMessage())
                                            : rootMessage(cause)));
                    if (!session.isClosed()) {
                        print(session.currentPage());
                    }
                } catch (TimeoutException e) {
                    out.println("! the mini-program did not answer within 30 s");
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            out.println("! cannot read commands: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private void print(PageView page) {
        out.println("== "
                + (page.title() == null || page.title().isEmpty()
                        ? page.path()
                        : page.title() + " (" + page.path() + ")")
                + " ==");
        out.println(page.text().strip());
        out.println("--");
        out.flush();
    }

    private RuntimeListener listener() {
        return new RuntimeListener() {
            @Override
            public void onViolation(SandboxViolation violation) {
                out.println("[violation] " + violation.kind() + ": " + violation.getMessage());
            }

            @Override
            public void onPolicyDenied(PolicyDenial denial) {
                out.println("[denied] " + denial.api() + ": " + denial.reason());
            }

            @Override
            public void onScriptError(String miniProgramId, ScriptError error) {
                out.println("[error] " + error.getMessage());
            }

            @Override
            public void onLog(String miniProgramId, String level, String message) {
                out.println("[" + level + "] " + message);
            }
        };
    }

    private HostUi ui() {
        return new HostUi() {
            @Override
            public void showToast(String miniProgramId, Toast toast) {
                out.println("[toast] " + toast.title());
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> showModal(String miniProgramId, Modal modal) {
                out.println("[modal] " + modal.title() + ": " + modal.content() + " (confirmed)");
                return CompletableFuture.completedFuture(Boolean.TRUE);
            }
        };
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
