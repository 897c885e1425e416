package io.atrium.sdk.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageBuilderTest {

    @TempDir
    Path dir;

    private final PackageBuilder builder = new PackageBuilder(PackageLimits.DEFAULT, ScriptCompiler.NONE);

    /** A small WeChat app as its developer keeps it, with what a project folder also holds. */
    private Path project(String name, Map<String, String> extra) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", """
                {
                  "pages": ["pages/index/index"],
                  "window": {"navigationBarTitleText": "Notes"}
                }
                """);
        files.put("app.js", "App({ globalData: { user: null } })\n");
        files.put("app.wxss", "page { background: #f6f6f6; }\n");
        files.put("pages/index/index.wxml", "<view class=\"title\">{{title}}</view>\n");
        files.put("pages/index/index.js", "Page({ data: { title: 'Notes' } })\n");
        files.put("pages/index/index.json", "{\"usingComponents\": {}}\n");
        files.putAll(extra);
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return root;
    }

    private static Map<String, String> reasons(PackageBuilder.Result result) {
        Map<String, String> reasons = new LinkedHashMap<>();
        result.leftOut().forEach(l -> reasons.put(l.path(), l.reason()));
        return reasons;
    }

    private static List<String> paths(PackageBuilder.Result result) {
        return result.validated().files().stream().map(PackageEntry::path).toList();
    }

    @Test
    void leavesOutWhatWeChatDoesNotUploadAndSaysWhy() throws Exception {
        Path app = project(
                "notes",
                Map.of(
                        "README.md", "# Notes\n",
                        "LICENSE", "MIT License\n",
                        ".gitignore", "node_modules/\n",
                        ".git/HEAD", "ref: refs/heads/main\n",
                        "node_modules/dayjs/index.js", "module.exports = {}\n",
                        "project.config.json", "{\"appid\": \"wx0000000000000000\"}\n",
                        "project.private.config.json", "{\"setting\": {}}\n",
                        "pages/index/.eslintrc.js", "module.exports = {}\n",
                        "docs/notes.txt", "todo\n"));
        Path out = dir.resolve("notes.zip");

        PackageBuilder.Result result = builder.build(app, out);

        assertThat(paths(result))
                .containsExactly(
                        "app.js",
                        "app.json",
                        "app.wxss",
                        "pages/index/index.js",
                        "pages/index/index.json",
                        "pages/index/index.wxml");
        Map<String, String> reasons = reasons(result);
        assertThat(reasons)
                .containsOnlyKeys(
                        ".git/",
                        ".gitignore",
                        "LICENSE",
                        "README.md",
                        "docs/notes.txt",
                        "node_modules/",
                        "pages/index/.eslintrc.js",
                        "project.config.json",
                        "project.private.config.json");
        assertThat(reasons.get("README.md")).contains(".md");
        assertThat(reasons.get(".git/")).contains("dot-folder");
        assertThat(reasons.get("pages/index/.eslintrc.js")).contains("dotfile");
        assertThat(reasons.get("node_modules/")).contains("npm");
        assertThat(reasons.get("project.config.json")).contains("project settings");
        // What it wrote is what it reports, and it passes the upload's checks.
        assertThat(new PackageValidator(PackageLimits.DEFAULT).validate(out).files())
                .isEqualTo(result.validated().files());
        assertThat(result.zipBytes()).isEqualTo(Files.size(out));
    }

    @Test
    void honoursEveryKindOfPackOptionsIgnore() throws Exception {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("project.config.json", """
                {
                  "packOptions": {
                    "ignore": [
                      {"type": "file", "value": "utils/debug.js"},
                      {"type": "folder", "value": "./mock/"},
                      {"type": "suffix", "value": ".spec.js"},
                      {"type": "prefix", "value": "draft-"},
                      {"type": "regexp", "value": "\\\\.bak\\\\.json$"},
                      {"type": "glob", "value": "images/raw/**/*.png"}
                    ]
                  }
                }
                """);
        extra.put("utils/debug.js", "module.exports = {}\n");
        extra.put("utils/format.js", "module.exports = {}\n");
        extra.put("mock/users.json", "[]\n");
        extra.put("utils/format.spec.js", "test()\n");
        extra.put("pages/index/draft-index.wxss", "view {}\n");
        extra.put("pages/index/index.bak.json", "{}\n");
        extra.put("images/raw/2024/cover.png", "png\n");
        extra.put("images/cover.png", "png\n");

        PackageBuilder.Result result = builder.build(project("ignores", extra), dir.resolve("ignores.zip"));

        Map<String, String> reasons = reasons(result);
        assertThat(reasons.get("utils/debug.js")).isEqualTo("packOptions.ignore {file: utils/debug.js}");
        assertThat(reasons.get("mock/")).isEqualTo("packOptions.ignore {folder: mock}");
        assertThat(reasons.get("utils/format.spec.js")).isEqualTo("packOptions.ignore {suffix: .spec.js}");
        assertThat(reasons.get("pages/index/draft-index.wxss")).isEqualTo("packOptions.ignore {prefix: draft-}");
        assertThat(reasons.get("pages/index/index.bak.json")).startsWith("packOptions.ignore {regexp:");
        assertThat(reasons.get("images/raw/2024/cover.png")).startsWith("packOptions.ignore {glob:");
        assertThat(paths(result)).contains("utils/format.js", "images/cover.png");
    }

    @Test
    void refusesAPackOptionsRuleItCannotRead() throws Exception {
        Path app = project(
                "bad-rule",
                Map.of(
                        "project.config.json",
                        "{\"packOptions\": {\"ignore\": [{\"type\": \"regexp\", \"value\": \"([\"}]}}"));
        PackageRejectedException e =
                catchThrowableOfType(() -> builder.build(app, dir.resolve("bad.zip")), PackageRejectedException.class);
        assertThat(e.rule()).isEqualTo(PackageRule.PROJECT_CONFIG_INVALID);
        assertThat(e.entry()).isEqualTo("project.config.json");
        assertThat(e.getMessage()).contains("packOptions.ignore[0]");
    }

    /**
     * The server builds every upload, so a pattern rule of an uploaded project.config.json runs
     * there: one that backtracks for ages ((.*a){12}$ tries n^12 ways on a long name that fails it) must not hold a command
     * thread for ever. The zip is what an uploader sends.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAPatternRuleThatBacktracksWithoutEnd() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/index/index\"]}".getBytes(StandardCharsets.UTF_8));
        files.put("app.js", "App({})".getBytes(StandardCharsets.UTF_8));
        files.put("pages/index/index.wxml", "<view>hi</view>".getBytes(StandardCharsets.UTF_8));
        files.put("pages/index/index.js", "Page({})".getBytes(StandardCharsets.UTF_8));
        files.put("images/" + "a".repeat(200) + "!.png", new byte[] {1});
        files.put(
                "project.config.json",
                "{\"packOptions\": {\"ignore\": [{\"type\": \"suffix\", \"value\": \".md\"}, {\"type\": \"regexp\", \"value\": \"(.*a){12}$\"}]}}"
                        .getBytes(StandardCharsets.UTF_8));
        Path upload = Files.write(dir.resolve("upload.zip"), Zips.zip(files));

        PackageRejectedException e = catchThrowableOfType(
                () -> builder.build(upload, dir.resolve("out.zip")), PackageRejectedException.class);

        assertThat(e.rule()).isEqualTo(PackageRule.PROJECT_CONFIG_INVALID);
        assertThat(e.entry()).isEqualTo("project.config.json");
        assertThat(e.getMessage()).contains("packOptions.ignore[1]").contains("too long");
        assertThat(dir.resolve("out.zip")).doesNotExist();
    }

    @Test
    void refusesMorePackOptionsRulesThanAnyProjectHas() throws Exception {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i <= PackageBuilder.MAX_IGNORE_RULES; i++) {
            rules.append(i == 0 ? "" : ",")
                    .append("{\"type\": \"suffix\", \"value\": \".x")
                    .append(i)
                    .append("\"}");
        }
        Path app = project(
                "many-rules", Map.of("project.config.json", "{\"packOptions\": {\"ignore\": [" + rules + "]}}"));

        PackageRejectedException e =
                catchThrowableOfType(() -> builder.build(app, dir.resolve("many.zip")), PackageRejectedException.class);

        assertThat(e.rule()).isEqualTo(PackageRule.PROJECT_CONFIG_INVALID);
        assertThat(e.getMessage()).contains("at most " + PackageBuilder.MAX_IGNORE_RULES);
    }

    /**
     * A project folder from someone else (a cloned repository, a CI checkout) may hold a link where
     * project.config.json should be: the builder follows no link, so none of the target's bytes are
     * read, and nothing of it can reach an error message.
     */
    @Test
    void doesNotFollowALinkedProjectConfig() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "hunter2 is the password");
        Path app = project("linked-config", Map.of());
        try {
            Files.createSymbolicLink(app.resolve("project.config.json"), secret);
        } catch (UnsupportedOperationException | IOException noLinksHere) {
            org.junit.jupiter.api.Assumptions.abort("this file system makes no symbolic links");
        }

        PackageBuilder.Result result = builder.build(app, dir.resolve("linked.zip"));

        assertThat(reasons(result)).containsKey("project.config.json");
        assertThat(paths(result)).doesNotContain("project.config.json");
    }

    @Test
    void takesTheAppFromMiniprogramRoot() throws Exception {
        Path project = dir.resolve("with-root");
        Path app = project("with-root/miniprogram", Map.of("README.md", "# app\n"));
        Files.writeString(project.resolve("project.config.json"), "{\"miniprogramRoot\": \"miniprogram/\"}");
        Files.createDirectories(project.resolve("cloudfunctions/login"));
        Files.writeString(project.resolve("cloudfunctions/login/index.js"), "exports.main = async () => ({})\n");
        Files.writeString(project.resolve("package.json"), "{}\n");

        PackageBuilder.Result result = builder.build(project, dir.resolve("with-root.zip"));

        assertThat(app).exists();
        assertThat(paths(result)).contains("app.json", "pages/index/index.wxml").noneMatch(p -> p.contains("cloud"));
        assertThat(reasons(result))
                .containsKeys("cloudfunctions/", "package.json", "project.config.json", "miniprogram/README.md");
        assertThat(reasons(result).get("cloudfunctions/")).isEqualTo("outside miniprogramRoot miniprogram/");
    }

    @Test
    void theSameAppGivesTheSameBytesFromAFolderOrFromAZipOfIt() throws Exception {
        Path app = project("same", Map.of("README.md", "# same\n", "utils/util.js", "module.exports = 1\n"));
        PackageBuilder.Result first = builder.build(app, dir.resolve("first.zip"));
        // Other timestamps, and a zip made by zipping the folder itself (so one folder wraps it all).
        Files.setLastModifiedTime(app.resolve("app.js"), FileTime.fromMillis(1_000_000_000_000L));
        PackageBuilder.Result second = builder.build(app, dir.resolve("second.zip"));
        Map<String, byte[]> zipped = new LinkedHashMap<>();
        try (var walk = Files.walk(app)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                zipped.put("same/" + app.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        Path developersZip = Files.write(dir.resolve("developer.zip"), Zips.zip(zipped));
        PackageBuilder.Result fromZip = builder.build(developersZip, dir.resolve("third.zip"));

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(fromZip.sha256()).isEqualTo(first.sha256());
        assertThat(Files.readAllBytes(dir.resolve("third.zip")))
                .isEqualTo(Files.readAllBytes(dir.resolve("first.zip")));
        assertThat(fromZip.leftOut()).extracting(PackageBuilder.LeftOut::path).containsExactly("README.md");
        List<String> order = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(dir.resolve("first.zip")))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                order.add(e.getName());
            }
        }
        assertThat(order).isSorted();
    }

    @Test
    void runsEveryScriptThroughTheCompilerButNotWxs() throws Exception {
        Path app = project(
                "compiled", Map.of("utils/filters.wxs", "module.exports = { up: function (s) { return s } }\n"));
        List<String> compiled = new ArrayList<>();
        PackageBuilder compiling = new PackageBuilder(PackageLimits.DEFAULT, (path, source) -> {
            compiled.add(path);
            return "/* compiled */\n" + source;
        });
        Path out = dir.resolve("compiled.zip");

        compiling.build(app, out);

        assertThat(compiled).containsExactlyInAnyOrder("app.js", "pages/index/index.js");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text.startsWith("/* compiled */"))
                        .as(e.getName())
                        .isEqualTo(e.getName().endsWith(".js"));
            }
        }
    }

    @Test
    void aScriptThatDoesNotCompileIsRefusedNamingTheFileAndLine() throws Exception {
        Path app = project("broken", Map.of());
        PackageBuilder compiling = new PackageBuilder(PackageLimits.DEFAULT, (path, source) -> {
            if (path.equals("pages/index/index.js")) {
                throw new ScriptCompileException(path, 3, "Unexpected token (3:7)", null);
            }
            return source;
        });
        Path out = dir.resolve("broken.zip");

        PackageRejectedException e =
                catchThrowableOfType(() -> compiling.build(app, out), PackageRejectedException.class);

        assertThat(e.rule()).isEqualTo(PackageRule.SCRIPT_INVALID);
        assertThat(e.entry()).isEqualTo("pages/index/index.js");
        assertThat(e.getMessage()).contains("pages/index/index.js:3").contains("Unexpected token");
        assertThat(out).doesNotExist();
    }

    @Test
    void aPackageWhoseScriptsKeepTheCompilerTooLongIsRefused() throws Exception {
        Path app = project("slow", Map.of("utils/a.js", "var a = 1;\n", "utils/b.js", "var b = 2;\n"));
        java.util.List<String> compiled = new java.util.ArrayList<>();
        PackageBuilder patient = new PackageBuilder(
                PackageLimits.DEFAULT,
                (path, source) -> {
                    compiled.add(path);
                    try {
                        Thread.sleep(60);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return source;
                },
                java.time.Duration.ofMillis(100));
        Path out = dir.resolve("slow.zip");

        PackageRejectedException e =
                catchThrowableOfType(() -> patient.build(app, out), PackageRejectedException.class);

        assertThat(e.rule()).isEqualTo(PackageRule.SCRIPT_INVALID);
        assertThat(e.getMessage()).contains("took longer than 100 ms to compile");
        // Refused at the first script past the budget, not after compiling them all.
        assertThat(compiled).hasSizeLessThan(4);
        assertThat(out).doesNotExist();
    }

    @Test
    void aFolderThatMakesNoPackageIsRefusedAndLeavesNothingBehind() throws Exception {
        Path app = project("no-app-js", Map.of());
        Files.delete(app.resolve("app.js"));
        Path out = dir.resolve("none.zip");
        PackageRejectedException e =
                catchThrowableOfType(() -> builder.build(app, out), PackageRejectedException.class);
        assertThat(e.rule()).isEqualTo(PackageRule.APP_JS_MISSING);
        assertThat(out).doesNotExist();
    }

    @Test
    void aHostileZipIsRefusedBeforeAnythingIsBuilt() throws Exception {
        Path traversal = Files.write(dir.resolve("evil.zip"), Zips.with("../README.md", "x".getBytes()));
        assertThat(catchThrowableOfType(
                                () -> builder.build(traversal, dir.resolve("out.zip")), PackageRejectedException.class)
                        .rule())
                .isEqualTo(PackageRule.UNSAFE_PATH);
        Path link =
                Files.write(dir.resolve("link.zip"), Zips.withSymlink(Zips.with("LICENSE", "x".getBytes()), "LICENSE"));
        assertThat(catchThrowableOfType(
                                () -> builder.build(link, dir.resolve("out.zip")), PackageRejectedException.class)
                        .rule())
                .isEqualTo(PackageRule.LINK);
    }
}
