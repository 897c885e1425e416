package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/** A small client of the command and query APIs, for setting benchmarks up. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Http(String base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String key, @Nullable Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A command that must be accepted; answers its body. */
    JsonNode accepted(String method, String path, String key, @Nullable Object body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, path, key, body);
        if (response.statusCode() != 202) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    String key(String owner, String role) throws IOException, InterruptedException {
        return accepted("POST", "/api/v1/api-keys", owner, Map.of("name", "bench " + role, "roles", List.of(role)))
                .get("key")
                .asText();
    }

    JsonNode upload(String mp, String key, String version) throws IOException, InterruptedException {
        String boundary = boundary();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/mini-programs/" + mp + "/versions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", multipartType(boundary))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(uploadBody(boundary, version)))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A fresh multipart boundary. */
    static String boundary() {
        return "bench" + UUID.randomUUID().toString().replace("-", "");
    }

    static String multipartType(String boundary) {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body of an upload: the version field and a fresh {@link #packageBytes() package}. */
    static byte[] uploadBody(String boundary, String version) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"p.zip\"\r\n"
                        + "Content-Type: application/zip\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(packageBytes());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** A small valid package, distinct each time (so each upload stores a new blob, as real uploads do). */
    static byte[] packageBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "app.json", "{\"pages\":[\"pages/index/index\"]}");
            put(zip, "app.js", "App({ built: '" + UUID.randomUUID() + "' })");
            put(
                    zip,
                    "pages/index/index.fxml",
                    "<view><text>{{ message }}</text><button bindtap=\"tap\">Tap</button></view>");
            put(
                    zip,
                    "pages/index/index.js",
                    "Page({ data: { message: 'hi' }, tap() { this.setData({ message: 'tapped' }) } })");
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
