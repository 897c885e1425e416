package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.packaging.Zips;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads compile scripts written in ES2015+ (as WeChat's tools would before an upload), so the
 * package the platform stores, seals and serves carries what the sandbox runs; a script that does
 * not compile is refused naming its file and line.
 */
class ModernScriptUploadHttpTest extends HttpTestSupport {

    private static final String MODERN_PAGE = String.join(
            "\n",
            "class Counter { constructor(start = 0) { this.n = start; } next() { return ++this.n; } }",
            "const counter = new Counter(41);",
            "Page({",
            "  data: { title: 'Hello', tags: [] },",
            "  async onLoad() {",
            "    const { tags = ['a'] } = {};",
            "    this.setData({ title: `n=${counter.next()}`, tags: [...tags, 'b'] });",
            "  },",
            "  tap: () => {}",
            "});",
            "");

    private String dev;
    private String mp;

    @BeforeEach
    void prepare() {
        dev = issueKey("developer");
        mp = createMiniProgram(dev);
    }

    @Test
    void theStoredPackageCarriesCompiledScriptsWithTheirLinesKept() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        files.put("pages/index/index.js", MODERN_PAGE.getBytes(StandardCharsets.UTF_8));
        upload(mp, dev, "1.0.0", Zips.zip(files)).expectStatus().isAccepted();

        String stored = newestBlobEntry("pages/index/index.js");
        assertThat(stored).doesNotContain("=>", "class Counter", "`", "...tags", "async ");
        assertThat(stored).contains("function Counter", "_asyncToGenerator", "concat");
        // retainLines: line N of the stored script is line N of the developer's.
        assertThat(stored.strip().split("\n")).hasSameSizeAs(MODERN_PAGE.strip().split("\n"));
        assertThat(stored.split("\n")[3]).contains("title: 'Hello'");
    }

    @Test
    void aScriptThatDoesNotCompileIsRefusedNamingItsFileAndLine() {
        long events = eventCount();
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        files.put(
                "pages/about/about.js",
                "const a = 1;\nconst b = () => {\n  return a +;\n};\nPage({});\n".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = problem(upload(mp, dev, "1.0.0", Zips.zip(files)), 400, "invalid-package");
        assertThat(problem.get("rule").asText()).isEqualTo("package.script-invalid");
        assertThat(problem.get("entry").asText()).isEqualTo("pages/about/about.js");
        assertThat(problem.get("detail").asText()).contains("pages/about/about.js:3");
        assertThat(eventCount()).isEqualTo(events);
    }

    /** The named file of the package stored last. */
    private static String newestBlobEntry(String name) throws IOException {
        Path newest;
        try (Stream<Path> blobs = Files.walk(DATA_DIR.resolve("packages").resolve("sha256"))) {
            newest = blobs.filter(Files::isRegularFile)
                    .max(Comparator.comparing(ModernScriptUploadHttpTest::modified))
                    .orElseThrow();
        }
        try (InputStream in = Files.newInputStream(newest);
                ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in the stored package " + newest);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
