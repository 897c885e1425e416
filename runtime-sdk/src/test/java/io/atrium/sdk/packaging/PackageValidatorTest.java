package io.atrium.sdk.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageValidatorTest {

    @TempDir
    Path dir;

    private final PackageValidator validator = new PackageValidator(PackageLimits.DEFAULT);

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "pkg", ".zip"), bytes);
    }

    private PackageRule refusal(byte[] zip) throws IOException {
        Path path = file(zip);
        PackageRejectedException e =
                catchThrowableOfType(() -> validator.validate(path), PackageRejectedException.class);
        assertThat(e).as("package should be refused").isNotNull();
        return e.rule();
    }

    @Test
    void acceptsAWellFormedPackageAndHashesEveryFile() throws Exception {
        ValidatedPackage pkg = validator.validate(file(Zips.sample()));
        assertThat(pkg.pages()).containsExactly("pages/index/index", "pages/about/about");
        assertThat(pkg.files()).hasSize(7);
        byte[] appJs = Zips.sampleFiles().get("app.js");
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(appJs));
        assertThat(pkg.files()).contains(new PackageEntry("app.js", appJs.length, expected));
    }

    @Test
    void refusesPathTraversalAndAbsolutePaths() throws Exception {
        assertThat(refusal(Zips.with("../evil.js", new byte[1]))).isEqualTo(PackageRule.UNSAFE_PATH);
        assertThat(refusal(Zips.with("pages/../../evil.js", new byte[1]))).isEqualTo(PackageRule.UNSAFE_PATH);
        assertThat(refusal(Zips.with("/etc/evil.js", new byte[1]))).isEqualTo(PackageRule.UNSAFE_PATH);
        assertThat(refusal(Zips.with("C:/evil.js", new byte[1]))).isEqualTo(PackageRule.UNSAFE_PATH);
        assertThat(refusal(Zips.with("pages\\evil.js", new byte[1]))).isEqualTo(PackageRule.UNSAFE_PATH);
    }

    @Test
    void refusesSymbolicLinks() throws Exception {
        assertThat(refusal(Zips.withSymlink(Zips.sample(), "app.ftss"))).isEqualTo(PackageRule.LINK);
    }

    @Test
    void refusesAZipBomb() throws Exception {
        // 6 MiB of zeros deflates to a few KiB: a ratio of about 1000.
        assertThat(refusal(Zips.with("pages/index/big.json", new byte[6 << 20])))
                .isEqualTo(PackageRule.COMPRESSION_RATIO);
    }

    @Test
    void refusesAPackageLargerThanTheLimitsEvenWhenEachFileIsSmall() throws Exception {
        PackageValidator small =
                new PackageValidator(new PackageLimits(1 << 20, 64 * 1024, 64 * 1024, 100, 32 * 1024, 1000));
        Map<String, byte[]> files = Zips.sampleFiles();
        Random random = new Random(1);
        for (int i = 0; i < 4; i++) {
            byte[] noise = new byte[30 * 1024];
            random.nextBytes(noise);
            files.put("img" + i + ".png", noise);
        }
        Path path = file(Zips.zip(files));
        PackageRejectedException e = catchThrowableOfType(() -> small.validate(path), PackageRejectedException.class);
        assertThat(e.rule()).isEqualTo(PackageRule.TOO_LARGE);
    }

    @Test
    void refusesAZipThatLiesAboutItsSizes() throws Exception {
        // Headers claim 10 bytes; the entry inflates to 200 KB. Caught on the bytes actually read.
        assertThat(refusal(Zips.lyingAboutSize(200_000))).isIn(PackageRule.INCONSISTENT_ZIP, PackageRule.NOT_A_ZIP);
        PackageValidator tight = new PackageValidator(new PackageLimits(1 << 20, 1 << 20, 1 << 20, 100, 50_000, 1000));
        Path path = file(Zips.lyingAboutSize(200_000));
        assertThat(catchThrowableOfType(() -> tight.validate(path), PackageRejectedException.class)
                        .rule())
                .isEqualTo(PackageRule.ENTRY_TOO_LARGE);
    }

    @Test
    void refusesGarbageBytes() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        assertThat(refusal(garbage)).isEqualTo(PackageRule.NOT_A_ZIP);
        assertThat(refusal("PK\u0003\u0004 not really".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(PackageRule.NOT_A_ZIP);
        assertThat(refusal(new byte[0])).isEqualTo(PackageRule.NOT_A_ZIP);
    }

    @Test
    void refusesTenThousandTinyEntries() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        for (int i = 0; i < 10_000; i++) {
            files.put("t/" + i + ".txt", new byte[] {'x'});
        }
        assertThat(refusal(Zips.zip(files))).isEqualTo(PackageRule.TOO_MANY_ENTRIES);
    }

    @Test
    void refusesLocalHeadersThatDisagreeWithTheCentralDirectory() throws Exception {
        assertThat(refusal(Zips.withCentralName(Zips.sample(), "app.ftss", "app.ftsx")))
                .isEqualTo(PackageRule.INCONSISTENT_ZIP);
    }

    @Test
    void enforcesTheLayout() throws Exception {
        assertThat(refusal(Zips.without("app.json"))).isEqualTo(PackageRule.APP_JSON_MISSING);
        assertThat(refusal(Zips.without("app.js"))).isEqualTo(PackageRule.APP_JS_MISSING);
        assertThat(refusal(Zips.without("pages/about/about.js"))).isEqualTo(PackageRule.PAGE_MISSING);
        assertThat(refusal(Zips.without("pages/index/index.fxml"))).isEqualTo(PackageRule.PAGE_MISSING);
        assertThat(refusal(Zips.with("app.json", "{\"pages\": []}".getBytes())))
                .isEqualTo(PackageRule.APP_JSON_INVALID);
        assertThat(refusal(Zips.with("app.json", "{\"pages\": [\"../x\"]}".getBytes())))
                .isEqualTo(PackageRule.APP_JSON_INVALID);
        assertThat(refusal(Zips.with("app.json", "{pages".getBytes()))).isEqualTo(PackageRule.APP_JSON_INVALID);
        assertThat(refusal(Zips.with("run.sh", "#!/bin/sh".getBytes()))).isEqualTo(PackageRule.UNSUPPORTED_FILE);
        // WeChat uploads no documents: a built package never holds one, so a zip that does is not a package.
        assertThat(refusal(Zips.with("README.md", "# Demo".getBytes()))).isEqualTo(PackageRule.UNSUPPORTED_FILE);
        assertThat(refusal(Zips.with("app.js", new byte[] {(byte) 0xff, (byte) 0xfe})))
                .isEqualTo(PackageRule.NOT_UTF8);
    }

    @Test
    void refusesTemplatesThatDoNotParse() throws Exception {
        Path mismatched = file(Zips.with("pages/index/index.fxml", "<view><text>hi</view>".getBytes()));
        PackageRejectedException e =
                catchThrowableOfType(() -> validator.validate(mismatched), PackageRejectedException.class);
        assertThat(e.rule()).isEqualTo(PackageRule.TEMPLATE_INVALID);
        assertThat(e.entry()).isEqualTo("pages/index/index.fxml");
        assertThat(e.getMessage()).contains("</view> found where </text> was expected");
        assertThat(refusal(Zips.with("pages/index/index.fxml", "<view>{{ a + }}</view>".getBytes())))
                .isEqualTo(PackageRule.TEMPLATE_INVALID);
        // WeChat renders an unclosed '{{' in text as text: so does Atrium, so the upload passes.
        assertThat(TemplateSyntax.check("pages/index/index.fxml", "<view>{{ open </view>"))
                .isNull();
        assertThat(refusal(Zips.with("pages/index/index.fxml", "<view>unclosed".getBytes())))
                .isEqualTo(PackageRule.TEMPLATE_INVALID);
        assertThat(refusal(Zips.with("pages/index/index.fxml", "<view>1 < 2</view>".getBytes())))
                .isEqualTo(PackageRule.TEMPLATE_INVALID);
    }

    @Test
    void acceptsTemplateConstructsOfRealWxml() {
        assertThat(TemplateSyntax.check("pages/list/list.wxml", """
                <import src="../common/item.wxml"/>
                <!-- a comment with <tags> -->
                <view wx:for="{{items}}" wx:key="id" data-id="{{item.id}}" bindtap="open">
                  <text wx:if="{{item.count > 3 && item.count < 10}}">{{item.name}}</text>
                  <input value="{{ value }}" bindinput="onInput" disabled/>
                  <template is="item" data="{{...item}}"/>
                </view>
                <wxs module="m">var f = function(a) { return a < 2; }; module.exports.f = f;</wxs>
                """)).isNull();
    }

    // ---- subpackages and WeChat's size limits ----

    /** The sample plus two subpackages, as a WeChat app.json declares them. */
    private static Map<String, byte[]> withSubpackages(String subpackagesJson) {
        Map<String, byte[]> files = Zips.sampleFiles();
        files.put(
                "app.json",
                ("{\"pages\":[\"pages/index/index\",\"pages/about/about\"],\"subpackages\":" + subpackagesJson + "}")
                        .getBytes(StandardCharsets.UTF_8));
        files.put("packageA/pages/cat/cat.wxml", "<view>Cats</view>".getBytes(StandardCharsets.UTF_8));
        files.put("packageA/pages/cat/cat.js", "Page({})".getBytes(StandardCharsets.UTF_8));
        files.put("packageA/pages/dog/dog.wxml", "<view>Dogs</view>".getBytes(StandardCharsets.UTF_8));
        files.put("packageA/pages/dog/dog.js", "Page({})".getBytes(StandardCharsets.UTF_8));
        files.put("packageB/list/list.wxml", "<view>List</view>".getBytes(StandardCharsets.UTF_8));
        files.put("packageB/list/list.js", "Page({})".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static final String TWO_SUBPACKAGES =
            "[{\"root\":\"packageA\",\"pages\":[\"pages/cat/cat\",\"pages/dog/dog\"]},"
                    + "{\"root\":\"packageB/\",\"name\":\"lists\",\"pages\":[\"list/list\"],\"independent\":true}]";

    @Test
    void acceptsSubpackagesAndCountsEachPartsFiles() throws Exception {
        Map<String, byte[]> files = withSubpackages(TWO_SUBPACKAGES);
        ValidatedPackage pkg = validator.validate(file(Zips.zip(files)));
        assertThat(pkg.pages())
                .containsExactly(
                        "pages/index/index",
                        "pages/about/about",
                        "packageA/pages/cat/cat",
                        "packageA/pages/dog/dog",
                        "packageB/list/list");
        assertThat(pkg.parts()).extracting(PackagePart::root).containsExactly("", "packageA", "packageB");
        long packageA = files.entrySet().stream()
                .filter(e -> e.getKey().startsWith("packageA/"))
                .mapToLong(e -> e.getValue().length)
                .sum();
        assertThat(pkg.parts().get(1).bytes()).isEqualTo(packageA);
        assertThat(pkg.parts().get(2).name()).isEqualTo("lists");
        assertThat(pkg.parts().get(2).independent()).isTrue();
        assertThat(pkg.parts().stream().mapToLong(PackagePart::bytes).sum()).isEqualTo(pkg.totalBytes());
    }

    @Test
    void acceptsWeChatsOtherSpellingSubPackages() throws Exception {
        Map<String, byte[]> files = withSubpackages("[]");
        files.put(
                "app.json",
                "{\"pages\":[\"pages/index/index\",\"pages/about/about\"],\"subPackages\":[{\"root\":\"packageB\",\"pages\":[\"list/list\"]}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(file(Zips.zip(files))).pages()).contains("packageB/list/list");
    }

    private PackageRejectedException refused(Map<String, byte[]> files, PackageValidator with) throws IOException {
        Path path = file(Zips.zip(files));
        PackageRejectedException e = catchThrowableOfType(() -> with.validate(path), PackageRejectedException.class);
        assertThat(e).as("package should be refused").isNotNull();
        return e;
    }

    @Test
    void refusesSubpackagesThatAreNotWellFormed() throws Exception {
        assertThat(refused(withSubpackages("[{\"root\":\"../up\",\"pages\":[\"x\"]}]"), validator))
                .satisfies(e -> assertThat(e.rule()).isEqualTo(PackageRule.APP_JSON_INVALID))
                .satisfies(e -> assertThat(e.getMessage()).contains("subpackages[0].root"));
        assertThat(refused(withSubpackages("[{\"root\":\"packageA\"}]"), validator)
                        .rule())
                .isEqualTo(PackageRule.APP_JSON_INVALID);
        assertThat(refused(withSubpackages("{\"root\":\"packageA\"}"), validator)
                        .rule())
                .isEqualTo(PackageRule.APP_JSON_INVALID);
        // Nested roots: which subpackage would a file belong to?
        assertThat(refused(
                                withSubpackages("[{\"root\":\"packageA\",\"pages\":[\"pages/cat/cat\"]},"
                                        + "{\"root\":\"packageA/pages\",\"pages\":[\"dog/dog\"]}]"),
                                validator)
                        .getMessage())
                .contains("inside");
        // The same page in two packages.
        Map<String, byte[]> twice = withSubpackages("[{\"root\":\"packageA\",\"pages\":[\"pages/cat/cat\"]}]");
        twice.put(
                "app.json",
                "{\"pages\":[\"pages/index/index\",\"packageA/pages/cat/cat\"],\"subpackages\":[{\"root\":\"packageA\",\"pages\":[\"pages/cat/cat\"]}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(refused(twice, validator).getMessage()).contains("listed twice");
    }

    @Test
    void refusesASubpackagePageWithoutItsFilesNamingTheFile() throws Exception {
        Map<String, byte[]> files = withSubpackages(TWO_SUBPACKAGES);
        files.remove("packageA/pages/dog/dog.js");
        PackageRejectedException e = refused(files, validator);
        assertThat(e.rule()).isEqualTo(PackageRule.PAGE_MISSING);
        assertThat(e.entry()).isEqualTo("packageA/pages/dog/dog.js");
    }

    private static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void holdsEachPackageToItsOwnSizeAndNamesTheOneThatIsTooLarge() throws Exception {
        // 40 KiB a package, 200 KiB in all: the shape of WeChat's 2 MB / 20 MB, small enough for a test.
        PackageValidator weChatLike =
                new PackageValidator(new PackageLimits(1 << 20, 200 * 1024, 40 * 1024, 100, 1 << 20, 100));
        Map<String, byte[]> fits = withSubpackages(TWO_SUBPACKAGES);
        fits.put("images/banner.png", noise(30 * 1024, 1));
        fits.put("packageA/images/cat.png", noise(30 * 1024, 2));
        fits.put("packageB/images/list.png", noise(30 * 1024, 3));
        assertThat(weChatLike.validate(file(Zips.zip(fits))).parts()).hasSize(3);

        Map<String, byte[]> subTooLarge = new LinkedHashMap<>(fits);
        subTooLarge.put("packageA/images/more.png", noise(15 * 1024, 4));
        PackageRejectedException e = refused(subTooLarge, weChatLike);
        assertThat(e.rule()).isEqualTo(PackageRule.PACKAGE_TOO_LARGE);
        assertThat(e.entry()).isEqualTo("packageA/");
        assertThat(e.getMessage()).contains("subpackage packageA").contains("packageA/images/cat.png");

        Map<String, byte[]> mainTooLarge = new LinkedHashMap<>(fits);
        mainTooLarge.put("images/more.png", noise(15 * 1024, 5));
        assertThat(refused(mainTooLarge, weChatLike).getMessage()).contains("main package");
    }

    @Test
    void holdsThePackageAsAWholeToTheTotalSize() throws Exception {
        PackageValidator weChatLike =
                new PackageValidator(new PackageLimits(1 << 20, 100 * 1024, 40 * 1024, 100, 1 << 20, 100));
        Map<String, byte[]> files = withSubpackages(TWO_SUBPACKAGES);
        files.put("images/banner.png", noise(35 * 1024, 1));
        files.put("packageA/images/cat.png", noise(35 * 1024, 2));
        files.put("packageB/images/list.png", noise(35 * 1024, 3));
        assertThat(refused(files, weChatLike).rule()).isEqualTo(PackageRule.TOO_LARGE);
    }

    @Test
    void acceptsAPackageWithAsManyFilesAsWeChatsComponentDemo() throws Exception {
        Map<String, byte[]> files = withSubpackages(TWO_SUBPACKAGES);
        Random random = new Random(9);
        for (int i = 0; files.size() < 2_721; i++) {
            String folder = (i % 3 == 0 ? "" : i % 3 == 1 ? "packageA/" : "packageB/") + "components/c" + i / 10;
            files.put(
                    folder + "/f" + i + ".js",
                    ("module.exports = " + random.nextInt() + ";").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(validator.validate(file(Zips.zip(files))).files()).hasSize(2_721);
    }

    @Test
    void stillRefusesEntryCountsFarAboveRealApps() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        for (int i = 0; files.size() <= PackageLimits.DEFAULT.maxEntries(); i++) {
            files.put("c/" + i + ".js", new byte[] {'1'});
        }
        assertThat(refusal(Zips.zip(files))).isEqualTo(PackageRule.TOO_MANY_ENTRIES);
    }

    @Test
    void readsADevelopersZipWithFilesAPackageLeavesOutUnderTheSameProtections() throws Exception {
        Map<String, byte[]> files = Zips.sampleFiles();
        files.put("README.md", "# Demo".getBytes(StandardCharsets.UTF_8));
        files.put(".gitignore", "node_modules".getBytes(StandardCharsets.UTF_8));
        assertThat(validator.readArchive(file(Zips.zip(files)))).containsKeys("README.md", ".gitignore", "app.json");
        Path traversal = file(Zips.with("../README.md", new byte[1]));
        assertThat(catchThrowableOfType(() -> validator.readArchive(traversal), PackageRejectedException.class)
                        .rule())
                .isEqualTo(PackageRule.UNSAFE_PATH);
        Path bomb = file(Zips.with("docs/zeros.md", new byte[6 << 20]));
        assertThat(catchThrowableOfType(() -> validator.readArchive(bomb), PackageRejectedException.class)
                        .rule())
                .isEqualTo(PackageRule.COMPRESSION_RATIO);
        Path link = file(Zips.withSymlink(Zips.zip(files), "README.md"));
        assertThat(catchThrowableOfType(() -> validator.readArchive(link), PackageRejectedException.class)
                        .rule())
                .isEqualTo(PackageRule.LINK);
    }
}
