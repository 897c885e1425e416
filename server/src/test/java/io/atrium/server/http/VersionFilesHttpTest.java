package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.packaging.Zips;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A version's files as uploaded: the list, one file's text, and what is refused. */
class VersionFilesHttpTest extends HttpTestSupport {

    @Test
    void aReaderListsAVersionsFilesAndReadsOne() {
        String dev = issueKey("developer");
        String reader = issueKey("reviewer");
        String mp = createMiniProgram(dev);
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.sampleFiles());
        files.put("images/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
        long position = body(upload(mp, dev, "1.0.0", Zips.zip(files))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        client().get()
                .uri("/api/v1/mini-programs/" + mp + "?minPosition=" + position)
                .header("Authorization", "Bearer " + reader)
                .exchange()
                .expectStatus()
                .isOk();

        JsonNode list = body(get("/api/v1/mini-programs/" + mp + "/versions/1.0.0/files", reader)
                .expectStatus()
                .isOk());
        assertThat(list.get("version").asText()).isEqualTo("1.0.0");
        assertThat(list.get("files").findValuesAsText("path"))
                .contains("app.json", "pages/index/index.js", "images/logo.png")
                .isSorted();
        JsonNode logo = java.util.stream.StreamSupport.stream(list.get("files").spliterator(), false)
                .filter(f -> f.get("path").asText().equals("images/logo.png"))
                .findFirst()
                .orElseThrow();
        assertThat(logo.get("size").asLong()).isEqualTo(8);
        assertThat(logo.get("sha256").asText())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(sha256(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3})));

        JsonNode script =
                body(get("/api/v1/mini-programs/" + mp + "/versions/1.0.0/file?path=pages/index/index.js", reader)
                        .expectStatus()
                        .isOk());
        assertThat(script.get("text").asText()).contains("title: 'Hello'");
        assertThat(script.get("binary").asBoolean()).isFalse();

        JsonNode image = body(get("/api/v1/mini-programs/" + mp + "/versions/1.0.0/file?path=images/logo.png", reader)
                .expectStatus()
                .isOk());
        assertThat(image.get("binary").asBoolean()).isTrue();
        assertThat(image.get("text").isNull()).isTrue();

        problem(
                get("/api/v1/mini-programs/" + mp + "/versions/1.0.0/file?path=../../keys/platform.key", reader),
                404,
                "not-found");
        problem(get("/api/v1/mini-programs/" + mp + "/versions/9.9.9/files", reader), 404, "not-found");
        assertThat(problem(get("/api/v1/mini-programs/" + mp + "/versions/1.0.0/file", reader), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("path");
        problem(
                client().get()
                        .uri("/api/v1/mini-programs/" + mp + "/versions/1.0.0/files")
                        .exchange(),
                401,
                "unauthenticated");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec get(String path, String key) {
        return client().get().uri(path).header("Authorization", "Bearer " + key).exchange();
    }
}
