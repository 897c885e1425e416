package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.packaging.Zips;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile packages: each is answered with a clear 4xx naming the rule, and leaves no blob, no event, no temp file. */
class HostileUploadHttpTest extends HttpTestSupport {

    private String dev;
    private String mp;

    @BeforeEach
    void prepare() {
        dev = issueKey("developer");
        mp = createMiniProgram(dev);
    }

    private void refused(byte[] zip, String rule) {
        long events = eventCount();
        long blobs = blobCount();
        JsonNode problem = problem(upload(mp, dev, "1.0.0", zip), 400, "invalid-package");
        assertThat(problem.get("rule").asText()).isEqualTo(rule);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(eventCount()).as("no event").isEqualTo(events);
        assertThat(blobCount()).as("no stored blob").isEqualTo(blobs);
        assertThat(leftoverUploads()).as("no temporary upload").isZero();
    }

    @Test
    void pathTraversal() {
        refused(Zips.with("../../etc/cron.d/evil.js", "x".getBytes()), "package.unsafe-path");
        refused(Zips.with("/abs/evil.js", "x".getBytes()), "package.unsafe-path");
    }

    @Test
    void zipBomb() {
        refused(Zips.with("pages/index/bomb.txt", new byte[3 << 20]), "package.compression-ratio");
    }

    @Test
    void aZipThatLiesAboutSizes() {
        long events = eventCount();
        long blobs = blobCount();
        JsonNode problem = problem(upload(mp, dev, "1.0.0", Zips.lyingAboutSize(150_000)), 400, "invalid-package");
        assertThat(problem.get("rule").asText()).isIn("package.inconsistent-zip", "package.not-a-zip");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(blobCount()).isEqualTo(blobs);
    }

    @Test
    void garbageBytes() {
        byte[] garbage = new byte[64 * 1024];
        new Random(11).nextBytes(garbage);
        refused(garbage, "package.not-a-zip");
    }

    @Test
    void tenThousandTinyEntries() {
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        for (int i = 0; i < 10_000; i++) {
            files.put("t/" + i + ".txt", new byte[] {'x'});
        }
        refused(Zips.zip(files), "package.too-many-entries");
    }

    @Test
    void aSymbolicLink() {
        refused(Zips.withSymlink(Zips.sample(), "app.ftss"), "package.link");
    }

    @Test
    void aTemplateThatDoesNotParse() {
        refused(
                Zips.with("pages/index/index.fxml", "<view><text>broken</view>".getBytes()),
                "package.template-invalid");
    }

    @Test
    void aRefusedCommandRemovesTheBlobItStored() {
        upload(mp, dev, "1.0.0", Zips.sample()).expectStatus().isAccepted();
        long blobs = blobCount();
        // New bytes (a new blob) for a version number that already exists: the command is refused after storing.
        byte[] different = Zips.with("pages/index/extra.json", "{\"new\": \"content\"}".getBytes());
        problem(upload(mp, dev, "1.0.0", different), 409, "rule-violated");
        assertThat(blobCount()).isEqualTo(blobs);
    }

    @Test
    void aDevelopersZipIsPackedAsWeChatDoesAndSaysWhatItLeftOut() {
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        files.put("README.md", "# Demo".getBytes());
        files.put(".gitignore", "node_modules/".getBytes());
        files.put(
                "project.config.json",
                "{\"packOptions\": {\"ignore\": [{\"type\": \"folder\", \"value\": \"mock\"}]}}".getBytes());
        files.put("mock/users.json", "[]".getBytes());
        JsonNode answer = upload(mp, dev, "1.0.0", Zips.zip(files))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer.get("id").asText()).isEqualTo(mp);
        assertThat(answer.get("leftOut").findValuesAsText("path"))
                .containsExactly(".gitignore", "README.md", "mock/", "project.config.json");
        // A hostile entry among the files a package would leave out is still refused, not left out.
        Map<String, byte[]> hostile = new LinkedHashMap<>(files);
        hostile.put("../docs/README.md", "x".getBytes());
        refused(Zips.zip(hostile), "package.unsafe-path");
    }
}
