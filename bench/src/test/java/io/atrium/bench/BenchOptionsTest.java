package io.atrium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine bench = Bench.commandLine();
        bench.setOut(new PrintWriter(out));
        bench.setErr(new PrintWriter(err));
        return bench.execute(args);
    }

    private static <T> T parsed(String name, String... args) {
        CommandLine bench = Bench.commandLine();
        CommandLine.ParseResult result = bench.parseArgs(args);
        assertThat(result.subcommand().commandSpec().name()).isEqualTo(name);
        return result.subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void refusesATrailingOptionWithoutItsValue() {
        // The old parser read pairs and dropped a trailing "--seconds": the run went on with the default.
        assertThatThrownBy(() -> parsed("commands", "commands", "--url", "http://x", "--key", "k", "--seconds"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--seconds");
        assertThat(execute("commands", "--url", "http://x", "--key", "k", "--seconds"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '--seconds'");
    }

    @Test
    void refusesAnUnknownOption() {
        assertThat(execute("lag", "--url", "http://x", "--key", "k", "--rates", "100"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("--rates");
    }

    @Test
    void refusesAMissingRequiredOptionAndAValueOfTheWrongType() {
        assertThat(execute("inserts", "--clients", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option").contains("--jdbc");
        assertThatThrownBy(() -> parsed("commands", "commands", "--url", "http://x", "--key", "k", "--clients", "many"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--clients");
        assertThatThrownBy(() -> parsed("manifest", "manifest", "--url", "u", "--setup", "s", "--target", "apache"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("atrium, nginx");
    }

    @Test
    void refusesAnUnknownBenchmarkAndNone() {
        assertThat(execute("manifest-requests", "--count", "5")).isEqualTo(2);
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("name a benchmark");
    }

    @Test
    void helpListsTheBenchmarksAndEachOnesOptions() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString())
                .contains("commands", "inserts", "lag", "replay", "search", "manifest-setup", "manifest");
        assertThat(execute("commands", "--help")).isZero();
        assertThat(out.toString()).contains("--clients", "--warmup", "--server-pid");
    }

    @Test
    void readsValuesIntoTypedFieldsAndKeepsDefaultsForTheRest() {
        Bench.Commands commands = parsed(
                "commands", "commands", "--url", "http://x", "--key", "k", "--clients", "4", "--server-pid", "77");
        assertThat(commands.clients).isEqualTo(4);
        assertThat(commands.seconds).isEqualTo(20);
        assertThat(commands.warmup).isEqualTo(5);
        assertThat(commands.server.pid).isEqualTo(77);
        assertThat(commands.maxWarmup).isEqualTo(600);
        assertThat(commands.rate).isZero();

        Bench.ManifestCommand manifest = parsed(
                "manifest",
                "manifest",
                "--url",
                "http://x",
                "--setup",
                "/tmp/s.tsv",
                "--target",
                "nginx",
                "--connections=32");
        assertThat(manifest.target).isEqualTo(ManifestLoad.Target.nginx);
        assertThat(manifest.connections).isEqualTo(32);
        assertThat(manifest.seconds).isEqualTo(10);
        assertThat(manifest.server.pid).isEqualTo(-1);
    }

    @Test
    void aRateIsTakenForTheLightAndFloorMixesOnlyAndRefusedBeforeAnyRequest() {
        Bench.Commands paced = parsed(
                "commands",
                "commands",
                "--url",
                "http://x",
                "--key",
                "k",
                "--mix",
                "floor",
                "--rate",
                "2000",
                "--max-warmup",
                "0");
        assertThat(paced.rate).isEqualTo(2000.0);
        assertThat(paced.maxWarmup).isZero();

        // Port 9 (discard) is never asked: the mix is refused first.
        assertThat(execute(
                        "commands", "--url", "http://127.0.0.1:9", "--key", "k", "--mix", "lifecycle", "--rate", "100"))
                .isNotZero();
        assertThat(err.toString()).contains("--rate paces the light and floor mixes only");
        assertThat(execute("commands", "--url", "http://127.0.0.1:9", "--key", "k", "--mix", "light", "--rate", "-1"))
                .isNotZero();
        assertThat(err.toString()).contains("a rate is at least 1");
    }

    @Test
    void refusesAMaxWarmupBelowZeroOrBelowTheWarmup() {
        assertThat(execute("commands", "--url", "http://127.0.0.1:9", "--key", "k", "--max-warmup", "-1"))
                .isNotZero();
        assertThat(err.toString()).contains("--max-warmup is 0 (no settling) or at least --warmup");
        assertThat(execute(
                        "commands",
                        "--url",
                        "http://127.0.0.1:9",
                        "--key",
                        "k",
                        "--warmup",
                        "60",
                        "--max-warmup",
                        "30"))
                .isNotZero();
        assertThat(err.toString()).contains("not 30");
    }
}
