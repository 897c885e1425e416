package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A mini-program's icon through the API: set, read back, cached by digest, replaced, removed, refused. */
class IconHttpTest extends HttpTestSupport {

    private static final java.security.SecureRandom UNIQUE = new java.security.SecureRandom();

    @Test
    void aDeveloperSetsTheIconAndReadersGetTheImageBack() {
        String dev = issueKey("developer");
        String reader = issueKey("reviewer");
        String mp = createMiniProgram(dev);
        long blobsBefore = blobCount();
        // A colour of this run's own: the package store is shared by every test of the run, and an image
        // another test stored first would not be stored again.
        byte[] png = iconImage("png", 144, UNIQUE.nextInt(0x1000000));

        long position = body(putIcon(mp, dev, MediaType.IMAGE_PNG, png)
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        assertThat(blobCount()).isEqualTo(blobsBefore + 1);

        JsonNode program = body(get("/api/v1/mini-programs/" + mp + "?minPosition=" + position, reader)
                .expectStatus()
                .isOk());
        JsonNode icon = program.get("icon");
        assertThat(icon.get("url").asText()).isEqualTo("/api/v1/mini-programs/" + mp + "/icon");
        assertThat(icon.get("mediaType").asText()).isEqualTo("image/png");
        assertThat(icon.get("width").asInt()).isEqualTo(144);
        assertThat(icon.get("bytes").asLong()).isEqualTo(png.length);

        var image = get(icon.get("url").asText(), reader)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.IMAGE_PNG)
                .expectHeader()
                .valueEquals("ETag", "\"" + icon.get("digest").asText() + "\"")
                .expectHeader()
                .valueMatches("Content-Security-Policy", ".*default-src 'none'.*")
                .expectBody()
                .returnResult();
        assertThat(image.getResponseBody()).isEqualTo(png);
        client().get()
                .uri("/api/v1/mini-programs/" + mp + "/icon")
                .header("Authorization", "Bearer " + reader)
                .header("If-None-Match", "\"" + icon.get("digest").asText() + "\"")
                .exchange()
                .expectStatus()
                .isNotModified();

        // A JPEG replaces it; the same URL now answers the new image under a new ETag.
        byte[] jpeg = iconImage("jpeg", 256, UNIQUE.nextInt(0x1000000));
        position = body(putIcon(mp, dev, MediaType.IMAGE_JPEG, jpeg)
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode replaced = body(get("/api/v1/mini-programs/" + mp + "?minPosition=" + position, reader)
                        .expectStatus()
                        .isOk())
                .get("icon");
        assertThat(replaced.get("mediaType").asText()).isEqualTo("image/jpeg");
        assertThat(replaced.get("digest").asText())
                .isNotEqualTo(icon.get("digest").asText());
        assertThat(get("/api/v1/mini-programs/" + mp + "/icon", reader)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody())
                .isEqualTo(jpeg);

        // As it was: time travel tells which image it had, without a URL (only today's icon is served).
        JsonNode asWas = body(get(
                                "/api/v1/mini-programs/" + mp + "?asOf=" + java.time.Instant.now() + "&minPosition="
                                        + position,
                                reader)
                        .expectStatus()
                        .isOk())
                .get("icon");
        assertThat(asWas.get("digest").asText())
                .isEqualTo(replaced.get("digest").asText());
        assertThat(asWas.get("url").isNull()).isTrue();

        // Removed: the read says so and the image is gone; removing again is refused.
        position = body(send(
                                org.springframework.http.HttpMethod.DELETE,
                                "/api/v1/mini-programs/" + mp + "/icon",
                                dev,
                                null)
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        assertThat(body(get("/api/v1/mini-programs/" + mp + "?minPosition=" + position, reader)
                                .expectStatus()
                                .isOk())
                        .get("icon")
                        .isNull())
                .isTrue();
        problem(get("/api/v1/mini-programs/" + mp + "/icon", reader), 404, "not-found");
        problem(
                send(org.springframework.http.HttpMethod.DELETE, "/api/v1/mini-programs/" + mp + "/icon", dev, null),
                409,
                "rule-violated");
        assertThat(eventTypes(mp))
                .containsSubsequence("MiniProgramIconChanged", "MiniProgramIconChanged", "MiniProgramIconRemoved");
    }

    @Test
    void whatIsNotAnIconIsRefusedAndNothingIsStored() {
        String dev = issueKey("developer");
        String mp = createMiniProgram(dev);
        long blobs = blobCount();
        long events = eventCount(mp);

        // A GIF sent as a PNG: the bytes decide, and the field at fault is named.
        JsonNode notPng =
                problem(putIcon(mp, dev, MediaType.IMAGE_PNG, iconImage("gif", 144, 0)), 400, "invalid-input");
        assertThat(notPng.get("field").asText()).isEqualTo("icon");
        assertThat(notPng.get("detail").asText()).contains("PNG or a JPEG");
        JsonNode wide = problem(putIcon(mp, dev, MediaType.IMAGE_PNG, image("png", 200, 100, 0)), 400, "invalid-input");
        assertThat(wide.get("detail").asText()).contains("square");
        byte[] png = iconImage("png", 144, UNIQUE.nextInt(0x1000000));
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
        assertThat(problem(putIcon(mp, dev, MediaType.IMAGE_PNG, cut), 400, "invalid-input")
                        .get("detail")
                        .asText())
                .contains("cannot be read");
        problem(putIcon(mp, dev, MediaType.IMAGE_PNG, new byte[300_000]), 413, "payload-too-large");
        problem(
                client().put()
                        .uri("/api/v1/mini-programs/" + mp + "/icon")
                        .header("Authorization", "Bearer " + dev)
                        .contentType(MediaType.parseMediaType("image/svg+xml"))
                        .bodyValue("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                        .exchange(),
                415,
                "unsupported-media-type");
        // Only developers set icons; an unknown mini-program is refused after the image is read, and its blob removed.
        problem(putIcon(mp, issueKey("reviewer"), MediaType.IMAGE_PNG, png), 403, "forbidden");
        problem(putIcon("mp-01jd8q3k5v6w7x8y9z0a1b2c3d", dev, MediaType.IMAGE_PNG, png), 404, "not-found");

        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(eventCount(mp)).isEqualTo(events);
    }

    private WebTestClient.ResponseSpec get(String path, String key) {
        return client().get().uri(path).header("Authorization", "Bearer " + key).exchange();
    }
}
