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
        assertThat(refusal(Zips.with("pages/index/big.txt", new byte[6 << 20])))
                .isEqualTo(PackageRule.COMPRESSION_RATIO);
    }

    @Test
    void refusesAPackageLargerThanTheLimitsEvenWhenEachFileIsSmall() throws Exception {
        PackageValidator small = new PackageValidator(new PackageLimits(1 << 20, 64 * 1024, 100, 32 * 1024, 1000));
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
        PackageValidator tight = new PackageValidator(new PackageLimits(1 << 20, 1 << 20, 100, 50_000, 1000));
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
}
