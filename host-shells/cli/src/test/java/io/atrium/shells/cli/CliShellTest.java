package io.atrium.shells.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.packaging.Zips;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal host, driven as a user would: arguments, commands on stdin, pages on stdout. */
class CliShellTest {

    static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Path zip(Path folder, Path into) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        Path zip = into.resolve(folder.getFileName() + ".zip");
        Files.write(zip, Zips.zip(files));
        return zip;
    }

    Result run(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--storage");
        all.add(dir.resolve("storage").toString());
        return runExactly(stdin, all.toArray(String[]::new));
    }

    /** Runs with exactly these arguments (no {@code --storage} added): for what must fail before a launch. */
    Result runExactly(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CliShell(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(
                        args,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsTheHelloSampleThroughTapsNavigationAndData() throws Exception {
        Path zip = zip(SAMPLES.resolve("hello-atrium"), dir);
        Result r = run(
                "tap tap\ntap tap\ndata\ntap tap\nopen pages/about/about\nback\nquit\n",
                "run",
                "--package",
                zip.toString(),
                "--allow-unsigned",
                "--query",
                "name=Ada");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("running local-hello-atrium from")
                .contains("Hello, Ada")
                .contains("Tapped 1 time")
                .contains("Tapped 2 times")
                .contains("\"count\":2")
                .contains("You like tapping.")
                .contains("1. Sealed with AES-256-GCM");
        // The page after 'back' is the index again, with its state.
        String afterBack = r.out().substring(r.out().lastIndexOf("=="));
        assertThat(r.out().substring(r.out().lastIndexOf("Sealed with"))).contains("Tapped 3 times");
        assertThat(afterBack).isNotEmpty();
    }

    @Test
    void runsTheWeChatSampleUnchanged() throws Exception {
        Path zip = zip(SAMPLES.resolve("wechat-todo"), dir);
        Result r = run("""
                tap add
                input draft buy milk
                tap add
                input draft write tests
                tap add
                tap todo-0
                tap logs
                back
                quit
                """, "run", "--package", zip.toString(), "--allow-unsigned");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("Nothing to do.")
                .contains("[toast] Type something first")
                .contains("[ ] buy milk")
                .contains("2 of 2 left")
                .contains("[x] buy milk")
                .contains("1 of 2 left")
                .contains("1. Launched at 20")
                .contains("== Launch log (pages/logs/logs) ==");
        // Storage survives a restart: the todos are still there.
        Result again = run("quit\n", "run", "--package", zip.toString(), "--allow-unsigned");
        assertThat(again.out()).contains("[x] buy milk").contains("[ ] write tests");
    }

    @Test
    void aRefusedLaunchExitsNonZeroWithOneLine() throws Exception {
        Path zip = zip(SAMPLES.resolve("hello-atrium"), dir);
        Result unsigned = run("quit\n", "run", "--package", zip.toString());
        assertThat(unsigned.status()).isEqualTo(3);
        assertThat(unsigned.err().strip())
                .doesNotContain("\n")
                .contains("unsigned")
                .contains("--allow-unsigned");

        Result unreachable = run(
                "quit\n",
                "run",
                "--server",
                "http://127.0.0.1:9",
                "--host-app",
                "h",
                "--secret",
                "s",
                "--bundle-id",
                "com.example.cli",
                "--mini-program",
                "mp-x",
                "--user",
                "u");
        assertThat(unreachable.status()).isEqualTo(3);
        assertThat(unreachable.err().strip())
                .doesNotContain("\n")
                .startsWith("cli-shell: launch refused (unreachable)");

        Result usage = run("", "run", "--package");
        assertThat(usage.status()).isEqualTo(2);
    }

    @Test
    void unknownCommandsAndMissingElementsAreExplainedAndTheShellCarriesOn() throws Exception {
        Path zip = zip(SAMPLES.resolve("hello-atrium"), dir);
        Result r = run("jump\ntap nowhere\ntap tap\nquit\n", "run", "--package", zip.toString(), "--allow-unsigned");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("! unknown command 'jump'")
                .contains("! the page pages/index/index has no element 'nowhere'")
                .contains("Tapped 1 time");
    }

    @Test
    void optionsAreParsedStrictlyAndHelpIsThere() {
        Result help = runExactly("", "run", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out())
                .contains("Usage: cli-shell run")
                .contains("--package=FILE.zip|FOLDER")
                .contains("--query=k=v");

        Result none = runExactly("");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err())
                .startsWith("cli-shell: give a command: run, package")
                .contains("Usage: cli-shell");

        Result unknown = runExactly("", "run", "--package", "a.zip", "--allow-unsigned", "--colour");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("cli-shell: Unknown option: '--colour'");

        // A flag left at the end without its value is an error, not silently dropped.
        Result trailing = runExactly("", "run", "--package", "a.zip", "--allow-unsigned", "--page");
        assertThat(trailing.status()).isEqualTo(2);
        assertThat(trailing.err()).contains("--page");

        Result both = runExactly("", "run", "--package", "a.zip", "--server", "http://h");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).startsWith("cli-shell: give either --package or --server");
    }

    /** A WeChat app folder with a subpackage and what a developer's folder also holds. */
    private Path appFolder(String name) throws IOException {
        Path app = dir.resolve(name);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                "{\"pages\": [\"pages/index/index\"], \"subpackages\": [{\"root\": \"packageA\", \"pages\": [\"pages/more/more\"]}]}");
        files.put("app.js", "App({})");
        files.put(
                "pages/index/index.wxml",
                "<view><text>Home</text><navigator id=\"more\" url=\"/packageA/pages/more/more\">more</navigator></view>");
        files.put("pages/index/index.js", "Page({})");
        files.put("packageA/pages/more/more.wxml", "<view><text>More from packageA</text></view>");
        files.put("packageA/pages/more/more.js", "Page({})");
        files.put("README.md", "# app");
        files.put(".gitignore", "node_modules/");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = app.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return app;
    }

    @Test
    void packagesAFolderListingWhatItLeftOutAndEachPackagesSize() throws Exception {
        Path app = appFolder("shop");
        Path out = dir.resolve("shop.zip");
        Result r = runExactly("", "package", app.toString(), "-o", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("left out  README.md  (WeChat does not upload .md files)")
                .contains("left out  .gitignore  (a dotfile)")
                .containsPattern("main package +[0-9,]+ bytes of 2,097,152  1 page")
                .containsPattern("subpackage packageA +[0-9,]+ bytes of 2,097,152  1 page")
                .contains("wrote " + out + ": 6 files");
        assertThat(new io.atrium.sdk.packaging.PackageValidator(io.atrium.sdk.packaging.PackageLimits.DEFAULT)
                        .validate(out)
                        .pages())
                .containsExactly("pages/index/index", "packageA/pages/more/more");
    }

    @Test
    void aFolderThatMakesNoPackageIsRefusedNamingTheRuleAndFile() throws Exception {
        Path app = appFolder("broken");
        Files.delete(app.resolve("packageA/pages/more/more.js"));
        Path out = dir.resolve("broken.zip");
        Result r = runExactly("", "package", app.toString(), "-o", out.toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err())
                .startsWith("cli-shell: package refused (package.page-missing)")
                .contains("packageA/pages/more/more.js");
        assertThat(out).doesNotExist();
        assertThat(runExactly("", "package", app.toString()).err()).contains("Missing required option: '--output");
    }

    @Test
    void runsAnAppFolderDirectlyAndNavigatesIntoItsSubpackage() throws Exception {
        Result r = run(
                "tap more\nquit\n", "run", "--package", appFolder("folder-app").toString(), "--allow-unsigned");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("running local-folder-app from")
                .contains("2 file(s) left out")
                .contains("[left out] README.md")
                .contains("Home")
                .contains("More from packageA");
    }
}
