package io.atrium.shells.common;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Runs a shell's picocli command the same way in both shells: {@code --help} and
 * {@code --version} print and exit 0; an unknown, incomplete or contradictory option prints
 * {@code <shell>: <what is wrong>} and the usage of the command at fault, and exits
 * {@value #BAD_ARGUMENTS}, so a typo never runs with an option silently dropped.
 */
public final class ShellCommandLine {

    /** The exit status for arguments the shell cannot run with. */
    public static final int BAD_ARGUMENTS = 2;

    private ShellCommandLine() {}

    /**
     * Parses {@code args} against {@code commandLine} and runs what they name.
     *
     * @return the exit status: the command's own, or {@value #BAD_ARGUMENTS} for bad arguments
     */
    public static int execute(CommandLine commandLine, String[] args, PrintStream out, PrintStream err) {
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            CommandLine atFault = e.getCommandLine();
            PrintWriter w = atFault.getErr();
            w.println(atFault.getCommandSpec().root().name() + ": " + e.getMessage());
            atFault.usage(w);
            w.flush();
            return BAD_ARGUMENTS;
        });
        return commandLine.execute(args);
    }

    /** What a shell answers when it is given no command: it has only {@code run}. */
    public static ParameterException noCommand(CommandSpec root) {
        return new ParameterException(
                root.commandLine(),
                "give a command: " + String.join(", ", root.subcommands().keySet()));
    }
}
