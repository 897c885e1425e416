package io.atrium.shells.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

class LaunchArgumentsTest {

    @TempDir
    Path dir;

    @Command(name = "x")
    static final class Shell {}

    @Command(name = "run")
    static final class Run {
        @Mixin
        LaunchArguments launch;

        @Option(names = "--port")
        int port = -1;
    }

    /** Parses {@code run <args>} the way a shell does, and checks what picocli cannot. */
    static Run parse(String... args) {
        Run run = new Run();
        CommandLine shell = new CommandLine(new Shell()).addSubcommand(run);
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        shell.parseArgs(all);
        run.launch.validate();
        return run;
    }

    @Test
    void refusesWhatCannotLaunchWithTheOptionAtFault() {
        assertThatThrownBy(() -> parse())
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--package or --server");
        assertThatThrownBy(() -> parse("--package"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--package");
        assertThatThrownBy(() -> parse("--server", "http://h", "--user", "u")).hasMessageContaining("--host-app");
        assertThatThrownBy(() -> parse("--package", "a.zip", "--query", "novalue"))
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> parse("--package", "a.zip", "--colour", "1"))
                .hasMessageContaining("Unknown options: '--colour'");
        assertThatThrownBy(() -> parse("--package", "a.zip", "--server", "http://h"))
                .hasMessageContaining("either");
    }

    @Test
    void aShellsOwnOptionsReachItAndStorageDefaultsToTheShellsFolder() {
        Run run = parse("--package", "a.zip", "--port", "9", "--storage", dir.toString());
        assertThat(run.port).isEqualTo(9);
        assertThat(run.launch.storage()).isEqualTo(dir);
        assertThat(parse("--package", "a.zip").launch.storage())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".atrium", "x"));
    }

    @Test
    void anUnsignedOrMissingPackageIsRefusedBeforeAnythingRuns() {
        LaunchArguments unsigned = parse("--package", "a.zip", "--storage", dir.toString()).launch;
        assertThatThrownBy(() -> unsigned.launch(AtriumRuntime.builder()))
                .isInstanceOfSatisfying(
                        LaunchException.class,
                        e -> assertThat(LaunchArguments.refusal(e))
                                .startsWith("launch refused (unsigned):")
                                .contains("--allow-unsigned"));
        LaunchArguments missing = parse(
                        "--package",
                        dir.resolve("none.zip").toString(),
                        "--allow-unsigned",
                        "--storage",
                        dir.toString())
                .launch;
        assertThatThrownBy(() -> missing.launch(AtriumRuntime.builder())).hasMessageContaining("no such package file");
    }

    @Test
    void aFolderThatMakesNoPackageIsRefusedNamingTheRuleAndFile() throws Exception {
        Path app = java.nio.file.Files.createDirectories(dir.resolve("app"));
        java.nio.file.Files.writeString(app.resolve("app.json"), "{\"pages\": [\"pages/index/index\"]}");
        java.nio.file.Files.writeString(app.resolve("app.js"), "App({})");
        java.nio.file.Files.writeString(app.resolve("README.md"), "# left out, not refused");
        LaunchArguments folder =
                parse("--package", app.toString(), "--allow-unsigned", "--storage", dir.toString()).launch;
        assertThatThrownBy(() -> folder.launch(AtriumRuntime.builder()))
                .isInstanceOfSatisfying(
                        LaunchException.class,
                        e -> assertThat(LaunchArguments.refusal(e))
                                .startsWith("launch refused (invalid_package):")
                                .contains("is not a valid package")
                                .contains("pages/index/index.wxml"));
    }
}
