package io.atrium.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.sdk.packaging.Zips;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** The HTTP API of a node process, as a client outside it sees it. */
final class NodeApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** An answer: status and body. {@code status} is -1 when the node could not be reached. */
    record Answer(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        /** The answer of an accepted command; fails with the body otherwise. */
        JsonNode accepted() {
            if (status != 202) {
                throw new AssertionError("expected 202, got " + status + ": " + body);
            }
            return json();
        }

        JsonNode ok() {
            if (status != 200) {
                throw new AssertionError("expected 200, got " + status + ": " + body);
            }
            return json();
        }
    }

    private NodeApi() {}

    static Answer send(String baseUrl, String method, String path, String key, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            return exchange(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer post(String baseUrl, String path, String key, Object body) {
        return send(baseUrl, "POST", path, key, body);
    }

    static Answer get(String baseUrl, String path, String key) {
        return send(baseUrl, "GET", path, key, null);
    }

    /** Uploads the sample package as {@code version}. */
    static Answer upload(String baseUrl, String mp, String key, String version) {
        String boundary = "atrium-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            part(body, boundary, "version", null, "text/plain", version.getBytes(StandardCharsets.UTF_8));
            part(
                    body,
                    boundary,
                    "notes",
                    null,
                    "text/plain",
                    ("notes for " + version).getBytes(StandardCharsets.UTF_8));
            part(body, boundary, "package", "package.zip", "application/zip", Zips.sample());
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/mini-programs/" + mp + "/versions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private static void part(
            ByteArrayOutputStream out, String boundary, String name, String filename, String type, byte[] content)
            throws IOException {
        String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /sdk/v1/manifest}, signed with the host app's secret and bundle id as a host app signs it. */
    static Answer manifest(
            String baseUrl, String host, String secret, String bundleId, String mp, Map<String, Object> user) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("hostAppId", host, "miniProgramId", mp, "user", user));
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            String nonce = UUID.randomUUID().toString().replace("-", "");
            String path = "/sdk/v1/manifest";
            String signature = HexFormat.of()
                    .formatHex(HostSignatures.sign(secret, timestamp, nonce, "POST", path, bundleId, body));
            return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Atrium-App", host)
                    .header("X-Atrium-Bundle-Id", bundleId)
                    .header("X-Atrium-Timestamp", timestamp)
                    .header("X-Atrium-Nonce", nonce)
                    .header("X-Atrium-Signature", signature)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer, or status -1 with the failure as body when the node cannot be reached. */
    static Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A read that waits for the read model: {@code ?minPosition=} answers 503 past its own bound,
     * and a feed through a broker may be further behind than that right after a failure, so the read
     * is asked again until {@code within} has passed.
     */
    static Answer awaitReadable(Supplier<Answer> read, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Answer last = read.get();
        while ((last.status() == 503 || last.status() == 404 || last.status() == -1) && System.nanoTime() < deadline) {
            ClusterNodes.sleep(Duration.ofMillis(200));
            last = read.get();
        }
        return last;
    }
}
