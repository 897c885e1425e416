package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.packaging.Zips;
import io.atrium.server.AtriumApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The whole server on a random port, over real HTTP, with its data in a temporary folder. Every
 * HTTP test class extends this, so they share one running application.
 */
@SpringBootTest(classes = AtriumApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.context.annotation.Import(MovableClock.Configuration.class)
// Boot's tests export no metrics unless asked: the server under test serves /actuator/prometheus as it
// does in production (MetricsHttpTest scrapes it). Tracing stays off, as it is by default.
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
public abstract class HttpTestSupport {

    protected static final String OWNER_KEY = "test-owner-key-0123456789abcdef";
    protected static final Path DATA_DIR;
    protected static final long MAX_UPLOAD = 4L << 20;
    protected static final ObjectMapper JSON = new ObjectMapper();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("atrium-http-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Babel loads once per process, on the first upload of ES2015+ code (seconds, interpreted). In
        // whichever test met it first, on a loaded machine, that upload outlasted the client's 30 s
        // timeout; loaded here, before any test's clock runs, no test pays for it.
        new io.atrium.compiler.BabelScriptCompiler().warmUp();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // A test class that needs a server of its own beside this one (other settings, same JVM) sets
        // atrium.test.data-dir-suffix, so the two never share files.
        registry.add("atrium.data-dir", () -> DATA_DIR + "${atrium.test.data-dir-suffix:}");
        registry.add("atrium.bootstrap-api-key", () -> OWNER_KEY);
        registry.add("atrium.packages.max-upload-bytes", () -> MAX_UPLOAD);
        // The test client keeps connections open until the JVM exits, and a graceful shutdown would
        // wait its full 30 s for them at the end of every test run. The server's own graceful
        // shutdown is unchanged.
        registry.add("server.shutdown", () -> "immediate");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected WebTestClient client() {
        return WebTestClient.bindToServer(io.atrium.server.support.TestConnector.get())
                .baseUrl("http://localhost:" + port)
                // The OpenAPI document outgrows the default 256 KB a client buffers.
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 << 20))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    // ---- keys ----

    protected String issueKey(String... roles) {
        JsonNode body = post(
                        "/api/v1/api-keys",
                        OWNER_KEY,
                        Map.of("name", "test " + String.join("+", roles), "roles", List.of(roles)))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return body.get("key").asText();
    }

    // ---- requests ----

    protected WebTestClient.ResponseSpec send(HttpMethod method, String path, String key, Object body) {
        WebTestClient.RequestBodySpec request = client().method(method).uri(path);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            if (body != null) {
                return request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
            }
            return request.exchange();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                dumpThreads(method + " " + path);
            }
            throw e;
        }
    }

    /**
     * What every thread of this JVM (the servers under test included) was doing when a request got no
     * answer in time: a request that hangs leaves nothing in the server's log, and these stacks are the
     * evidence of where it waits.
     */
    protected static void dumpThreads(String what) {
        StringBuilder dump = new StringBuilder("No answer in time to " + what + "; the JVM's threads:\n");
        for (java.lang.management.ThreadInfo info :
                java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                dump.append(" held by ").append(info.getLockOwnerName());
            }
            dump.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                dump.append("\tat ").append(frame).append('\n');
            }
        }
        System.err.println(dump);
    }

    protected WebTestClient.ResponseSpec post(String path, String key, Object body) {
        return send(HttpMethod.POST, path, key, body);
    }

    protected WebTestClient.ResponseSpec upload(String mpId, String key, String version, byte[] zip) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("version", version);
        parts.part("notes", "notes for " + version);
        parts.part("package", new ByteArrayResource(zip) {
                    @Override
                    public String getFilename() {
                        return "package.zip";
                    }
                })
                .contentType(MediaType.parseMediaType("application/zip"));
        return client().post()
                .uri("/api/v1/mini-programs/" + mpId + "/versions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    /** Sets a mini-program's icon: the image is the body. */
    protected WebTestClient.ResponseSpec putIcon(String mpId, String key, MediaType type, byte[] image) {
        return client().put()
                .uri("/api/v1/mini-programs/" + mpId + "/icon")
                .header("Authorization", "Bearer " + key)
                .contentType(type)
                .bodyValue(image)
                .exchange();
    }

    /** A square image of {@code side} pixels: a disc on a colour, in {@code format} (png, jpeg). */
    protected static byte[] iconImage(String format, int side, int colour) {
        return image(format, side, side, colour);
    }

    /** An image of {@code width} by {@code height} pixels: a disc on a colour, in {@code format}. */
    protected static byte[] image(String format, int width, int height, int colour) {
        int side = Math.min(width, height);
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(colour));
        g.fillRect(0, 0, width, height);
        g.setColor(java.awt.Color.WHITE);
        g.fillOval(side / 4, side / 4, side / 2, side / 2);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    protected static JsonNode body(WebTestClient.ResponseSpec response) {
        EntityExchangeResult<byte[]> result = response.expectBody().returnResult();
        try {
            byte[] bytes = result.getResponseBody();
            return bytes == null ? JSON.nullNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a problem answer: status, content type, stable type slug. */
    protected static JsonNode problem(WebTestClient.ResponseSpec response, int status, String typeSlug) {
        EntityExchangeResult<byte[]> result = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult();
        try {
            JsonNode problem = JSON.readTree(result.getResponseBody());
            assertThat(problem.get("type").asText()).isEqualTo("https://atrium.dev/problems/" + typeSlug);
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            return problem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- lifecycle steps ----

    protected String createMiniProgram(String devKey) {
        return body(post(
                                "/api/v1/mini-programs",
                                devKey,
                                Map.of(
                                        "name",
                                        "Weather",
                                        "description",
                                        "Forecasts",
                                        "category",
                                        "tools",
                                        "tags",
                                        List.of("weather")))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
    }

    protected static byte[] samplePackage() {
        return Zips.sample();
    }

    /** Uploads, submits and approves {@code version}; the reviewer key must differ from the developer's. */
    protected void approvedVersion(String mp, String devKey, String reviewerKey, String version) {
        upload(mp, devKey, version, samplePackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/" + version + "/submit", devKey, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/" + version + "/approve", reviewerKey, null)
                .expectStatus()
                .isAccepted();
    }

    // ---- what is stored ----

    /**
     * The changes recorded: every event but the security log's (its records of refused requests and
     * sensitive reads are appended in the background, and a refused request adds one while it changes
     * nothing). {@code securityRecordCount()} counts those.
     */
    protected long eventCount() {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE type <> 'SecurityRecord'", Long.class);
    }

    protected long securityRecordCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE type = 'SecurityRecord'", Long.class);
    }

    protected long eventCount(String aggregateId) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, aggregateId);
    }

    protected List<String> eventTypes(String aggregateId) {
        return jdbc
                .queryForList(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        String.class,
                        aggregateId)
                .stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1))
                .toList();
    }

    protected static long blobCount() {
        Path blobs = DATA_DIR.resolve("packages").resolve("sha256");
        if (!Files.exists(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static long leftoverUploads() {
        try (Stream<Path> files = Files.walk(DATA_DIR.resolve("tmp"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
