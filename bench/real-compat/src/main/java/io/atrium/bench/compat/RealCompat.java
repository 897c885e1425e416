package io.atrium.bench.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.compiler.BabelScriptCompiler;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchOptions;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.RuntimeListener;
import io.atrium.sdk.logic.SandboxViolation;
import io.atrium.sdk.logic.ScriptError;
import io.atrium.sdk.packaging.PackageBuilder;
import io.atrium.sdk.packaging.PackageLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs real WeChat component libraries, as npm ships them, in Atrium, and reports per page whether
 * it started and what text it rendered. For each library ({@code --library
 * NPM_NAME=FOLDER=TAG_PREFIX}, FOLDER being what the package's {@code miniprogramRoot}/{@code
 * main} points at, e.g. {@code dist}), every component folder becomes one host app, as a
 * developer writes it after WeChat's "build npm": the library under {@code
 * miniprogram_npm/NPM_NAME/}, and a page whose JSON names the component by its npm path
 * ({@code "van-button": "@vant/weapp/button/index"}) and whose template uses it with typical
 * attributes and slot text. The library's files are taken unchanged; the app holds the files the
 * page reaches (as WeChat's upload does when it leaves out unused files), is built by the SDK's
 * {@link PackageBuilder} with Babel and launched by {@link AtriumRuntime#launchLocal}.
 *
 * <p>Measures; asserts nothing. Prints a table, the totals and the failure causes ranked, and writes
 * the table as TSV beside the apps.
 */
public final class RealCompat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "pages/index/index";
    /** Props many components take; a component ignores the ones it does not declare, as in WeChat. */
    private static final String ATTRIBUTES = "title=\"Title text\" text=\"Text prop\" label=\"Label text\""
            + " content=\"Content text\" desc=\"Desc text\" show=\"{{true}}\" visible=\"{{true}}\"";

    private static final long SETTLE_MILLIS = 300;

    record Library(String npmName, Path folder, String prefix) {}

    record Outcome(String library, String component, boolean started, boolean rendered, String text, String cause) {}

    public static void main(String[] args) throws Exception {
        List<Library> libraries = new ArrayList<>();
        Path work = Path.of("/var/tmp/atrium-real/apps");
        @Nullable String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--library" -> {
                    String[] parts = args[++i].split("=", 3);
                    if (parts.length != 3) {
                        throw new IllegalArgumentException(
                                "--library takes NPM_NAME=FOLDER=TAG_PREFIX, not " + args[i]);
                    }
                    libraries.add(new Library(parts[0], Path.of(parts[1]), parts[2]));
                }
                case "--work" -> work = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (libraries.isEmpty()) {
            throw new IllegalArgumentException("name at least one --library NPM_NAME=FOLDER=TAG_PREFIX");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<Outcome> outcomes = new ArrayList<>();
        try (BabelScriptCompiler compiler = new BabelScriptCompiler()) {
            for (Library library : libraries) {
                for (String component : components(library.folder())) {
                    if (only != null && !component.equals(only)) {
                        continue;
                    }
                    Outcome outcome = run(library, component, work, compiler);
                    outcomes.add(outcome);
                    out.printf(
                            "%-22s %-22s %-7s %-8s %s%n",
                            library.npmName(),
                            component,
                            outcome.started() ? "started" : "FAILED",
                            outcome.rendered() ? "rendered" : "-",
                            outcome.cause().isEmpty() ? clip(outcome.text(), 90) : clip(outcome.cause(), 160));
                }
            }
        }
        report(out, outcomes);
        writeTsv(work.resolve("results.tsv"), outcomes);
    }

    /** A library's component folders: those holding a JSON that declares {@code "component": true}. */
    static List<String> components(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (entry(dir) != null) {
                    out.add(dir.getFileName().toString());
                }
            }
        }
        return out;
    }

    /** The component's file stem inside its folder: {@code index} (Vant) or the folder's name (WeUI, TDesign). */
    static @Nullable String entry(Path dir) throws IOException {
        for (String stem : List.of("index", dir.getFileName().toString())) {
            Path json = dir.resolve(stem + ".json");
            if (Files.isRegularFile(json) && Files.isRegularFile(dir.resolve(stem + ".js"))) {
                JsonNode node = JSON.readTree(json.toFile());
                if (node.path("component").asBoolean(false)) {
                    return stem;
                }
            }
        }
        return null;
    }

    static Outcome run(Library library, String component, Path work, BabelScriptCompiler compiler) {
        String lib = library.npmName();
        String tag = library.prefix() + "-" + component;
        Path app = work.resolve(lib.replace('@', '_').replace('/', '_') + "-" + component);
        Path zip = work.resolve(app.getFileName() + ".zip");
        try {
            String stem = entry(library.folder().resolve(component));
            buildApp(library, component, tag, stem, app);
            new PackageBuilder(PackageLimits.DEFAULT, compiler).build(app, zip);
        } catch (Exception e) {
            return new Outcome(lib, component, false, false, "", "build: " + message(e));
        }
        List<String> errors = new CopyOnWriteArrayList<>();
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(work.resolve("storage"))
                .allowUnsigned(true)
                .listener(new RuntimeListener() {
                    @Override
                    public void onScriptError(String miniProgramId, ScriptError error) {
                        errors.add(error.getMessage());
                    }

                    @Override
                    public void onViolation(SandboxViolation violation) {
                        errors.add("violation: " + violation.getMessage());
                    }
                })
                .build();
        try (MiniProgramSession session = runtime.launchLocal(zip, new LaunchOptions(PAGE, Map.of()))) {
            // Transitions and nextTick work finish within a frame or two: read the page as a user sees it.
            Thread.sleep(SETTLE_MILLIS);
            String text = session.currentPage().text().strip().replaceAll("\\s+", " ");
            String cause = errors.isEmpty() ? "" : "script: " + errors.get(0);
            if (cause.isEmpty() && text.isEmpty()) {
                cause = "rendered no text";
            }
            return new Outcome(lib, component, true, errors.isEmpty() && !text.isEmpty(), text, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(lib, component, false, false, "", "interrupted");
        } catch (RuntimeException e) {
            String cause = "launch: " + message(e);
            if (!errors.isEmpty()) {
                cause += " [first script error: " + errors.get(0) + "]";
            }
            return new Outcome(lib, component, false, false, "", cause);
        } finally {
            runtime.close();
        }
    }

    /** The host app: app.js, app.json, one page using the component, and the library files it reaches. */
    private static void buildApp(Library library, String component, String tag, @Nullable String stem, Path app)
            throws IOException {
        deleteTree(app);
        Files.createDirectories(app.resolve("pages/index"));
        Files.writeString(app.resolve("app.js"), "App({})\n");
        Files.writeString(app.resolve("app.json"), "{\n  \"pages\": [\"" + PAGE + "\"]\n}\n");
        Files.writeString(
                app.resolve(PAGE + ".json"),
                "{\n  \"usingComponents\": {\n    \"" + tag + "\": \"" + library.npmName() + "/" + component + "/"
                        + stem + "\"\n  }\n}\n");
        Files.writeString(app.resolve(PAGE + ".js"), "Page({\n  data: {}\n})\n");
        Files.writeString(
                app.resolve(PAGE + ".wxml"),
                "<view class=\"demo\">\n  <" + tag + " " + ATTRIBUTES + ">Slot text</" + tag + ">\n</view>\n");
        // WeChat's "build npm" copies the package's miniprogram folder to miniprogram_npm/<name>/.
        Path staged = app.resolve("miniprogram_npm").resolve(library.npmName());
        copyTree(library.folder(), staged);
        Set<String> needed =
                new Dependencies(app).closure(List.of("app.json", PAGE + ".json", PAGE + ".js", PAGE + ".wxml"));
        try (Stream<Path> walk = Files.walk(app.resolve("miniprogram_npm"))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (!needed.contains(app.relativize(file).toString().replace('\\', '/'))) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ");
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** A cause without the names that differ from page to page, so that like failures count together. */
    static String kind(String cause) {
        return cause.replaceAll("\\[first script error: .*\\]", "")
                .replaceAll("<[\\w-]+>", "<tag>")
                .replaceAll("[\\w@.-]*(/[\\w@.-]+)+(:\\d+)?", "<path>")
                .replaceAll("\"[^\"]*\"", "\"…\"")
                .replaceAll("\\d+", "N");
    }

    private static void report(PrintStream out, List<Outcome> outcomes) {
        out.println();
        Map<String, int[]> perLibrary = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            int[] n = perLibrary.computeIfAbsent(o.library(), k -> new int[3]);
            n[0]++;
            n[1] += o.started() ? 1 : 0;
            n[2] += o.rendered() ? 1 : 0;
        }
        out.printf("%-22s %6s %8s %9s%n", "library", "pages", "started", "rendered");
        int[] total = new int[3];
        perLibrary.forEach((lib, n) -> {
            out.printf("%-22s %6d %8d %9d%n", lib, n[0], n[1], n[2]);
            for (int i = 0; i < 3; i++) {
                total[i] += n[i];
            }
        });
        out.printf("%-22s %6d %8d %9d%n", "total", total[0], total[1], total[2]);
        out.println();
        out.println("failure causes, most pages first:");
        Map<String, List<Outcome>> byKind = new LinkedHashMap<>();
        outcomes.stream()
                .filter(o -> !o.rendered())
                .forEach(o -> byKind.computeIfAbsent(kind(o.cause()), k -> new ArrayList<>())
                        .add(o));
        byKind.entrySet().stream()
                .sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(e -> out.printf(
                        "%4d  %s%n        e.g. %s/%s%n",
                        e.getValue().size(),
                        clip(e.getValue().get(0).cause(), 220),
                        e.getValue().get(0).library(),
                        String.join(
                                ", ",
                                e.getValue().stream()
                                        .limit(6)
                                        .map(Outcome::component)
                                        .toList())));
    }

    private static void writeTsv(Path file, List<Outcome> outcomes) throws IOException {
        StringBuilder tsv = new StringBuilder("library\tcomponent\tstarted\trendered\ttext\tcause\n");
        for (Outcome o : outcomes) {
            tsv.append(String.join(
                            "\t",
                            o.library(),
                            o.component(),
                            String.valueOf(o.started()),
                            String.valueOf(o.rendered()),
                            o.text().replace('\t', ' '),
                            o.cause().replace('\t', ' ')))
                    .append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, tsv);
    }
}
