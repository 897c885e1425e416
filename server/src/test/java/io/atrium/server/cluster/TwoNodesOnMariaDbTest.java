package io.atrium.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.packaging.Zips;
import io.atrium.server.AtriumApplication;
import io.atrium.server.support.Race;
import io.atrium.server.support.TestMariaDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Two server processes' worth of Atrium (two application contexts, each with its own locks and
 * pools) on one real MariaDB event store. Commands racing across them meet at the database's
 * unique keys: each is answered 202 or 409, never 500, and the stream stays consistent.
 */
@Tag("services")
class TwoNodesOnMariaDbTest {

    static final String SERVER = TestMariaDb.URL;
    static final String USER = TestMariaDb.USER;
    static final String PASSWORD = TestMariaDb.PASSWORD;
    static final String DATABASE = "atrium_e2e_" + Long.toHexString(System.nanoTime());
    static final String READ_DATABASE = DATABASE + "_read";
    static final String OWNER = "two-node-owner-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        TestMariaDb.create(DATABASE, READ_DATABASE);
        // Node a runs everything; node b takes commands and answers reads. Projections run once, on a.
        a = node("all");
        b = node("command,query");
        jdbc = TestMariaDb.jdbc(DATABASE);
    }

    static ConfigurableApplicationContext node(String roles) {
        // The nodes share the databases, and a folder for packages and keys (a shared volume in production).
        return new SpringApplicationBuilder(AtriumApplication.class)
                .run(
                        "--server.port=0",
                        "--atrium.data-dir=" + shared,
                        "--atrium.roles=" + roles,
                        "--atrium.event-store.kind=jdbc",
                        "--atrium.event-store.url=" + SERVER + DATABASE,
                        "--atrium.event-store.username=" + USER,
                        "--atrium.event-store.password=" + PASSWORD,
                        "--atrium.read-model.kind=mysql",
                        "--atrium.read-model.database=" + READ_DATABASE,
                        "--atrium.read-model.username=" + USER,
                        "--atrium.read-model.password=" + PASSWORD,
                        "--atrium.bootstrap-api-key=" + OWNER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        TestMariaDb.drop(DATABASE, READ_DATABASE);
    }

    static WebTestClient client(ConfigurableApplicationContext node) {
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        return WebTestClient.bindToServer(io.atrium.server.support.TestConnector.get())
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    static WebTestClient.ResponseSpec post(ConfigurableApplicationContext node, String path, String key, Object body) {
        WebTestClient.RequestBodySpec request = client(node).post().uri(path).header("Authorization", "Bearer " + key);
        return body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
    }

    static JsonNode json(WebTestClient.ResponseSpec response) throws Exception {
        return JSON.readTree(
                response.expectStatus().isAccepted().expectBody().returnResult().getResponseBody());
    }

    static WebTestClient.ResponseSpec upload(
            ConfigurableApplicationContext node, String mp, String key, String version) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("version", version);
        parts.part("package", new ByteArrayResource(Zips.sample()) {
            @Override
            public String getFilename() {
                return "p.zip";
            }
        });
        return client(node)
                .post()
                .uri("/api/v1/mini-programs/" + mp + "/versions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    static String key(String role) throws Exception {
        return json(post(a, "/api/v1/api-keys", OWNER, Map.of("name", role, "roles", List.of(role))))
                .get("key")
                .asText();
    }

    @Test
    void aLifecycleSpreadOverBothNodesWorks() throws Exception {
        String dev = key("developer");
        String reviewer = key("reviewer");
        String mp = json(post(a, "/api/v1/mini-programs", dev, Map.of("name", "Spread")))
                .get("id")
                .asText();
        json(upload(b, mp, dev, "1.0.0"));
        json(post(a, "/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit", dev, null));
        json(post(b, "/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", reviewer, null));
        long position = json(post(a, "/api/v1/mini-programs/" + mp + "/release", OWNER, Map.of("version", "1.0.0")))
                .get("position")
                .asLong();
        assertThat(position).isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Integer.class, mp))
                .isEqualTo(5);
        // A key issued through node A authenticates on node B.
        assertThat(post(b, "/api/v1/mini-programs", dev, Map.of("name", "Via B"))
                        .returnResult(Void.class)
                        .getStatus()
                        .value())
                .isEqualTo(202);
    }

    @Test
    void aCommandOnOneNodeIsReadThroughMariaDbOnTheOther() throws Exception {
        String dev = key("developer");
        String auditor = key("auditor");
        JsonNode created =
                json(post(b, "/api/v1/mini-programs", dev, Map.of("name", "Across", "tags", List.of("e2e"))));
        String id = created.get("id").asText();
        long position = created.get("position").asLong();
        JsonNode read = JSON.readTree(client(b)
                .get()
                .uri("/api/v1/mini-programs/" + id + "?minPosition=" + position)
                .header("Authorization", "Bearer " + dev)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(read.get("name").asText()).isEqualTo("Across");
        JsonNode log = JSON.readTree(client(b)
                .get()
                .uri("/api/v1/audit/events?aggregateId=" + id + "&minPosition=" + position)
                .header("Authorization", "Bearer " + auditor)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(log.get("items").get(0).get("eventType").asText())
                .isEqualTo("atrium.miniprogram.MiniProgramCreated");
        JsonNode verdict = JSON.readTree(client(a)
                .get()
                .uri("/api/v1/audit/verify")
                .header("Authorization", "Bearer " + auditor)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(verdict.get("valid").asBoolean()).isTrue();
    }

    @Test
    void twentyConflictingCommandsAcrossTwoNodesAreAnswered202Or409AndRecordedOnce() throws Exception {
        String dev = key("developer");
        String mp = json(post(a, "/api/v1/mini-programs", dev, Map.of("name", "Raced")))
                .get("id")
                .asText();
        List<Integer> statuses = Race.of(
                20,
                i -> upload(i % 2 == 0 ? a : b, mp, dev, "2.0.0")
                        .returnResult(Void.class)
                        .getStatus()
                        .value());
        assertThat(statuses).containsOnly(202, 409);
        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        List<Long> sequence = jdbc.queryForList(
                "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class,
                mp);
        assertThat(sequence).containsExactly(0L, 1L);

        List<Integer> edits = Race.of(
                20,
                i -> client(i % 2 == 0 ? a : b)
                        .patch()
                        .uri("/api/v1/mini-programs/" + mp)
                        .header("Authorization", "Bearer " + dev)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("description", "edit " + i))
                        .exchange()
                        .returnResult(Void.class)
                        .getStatus()
                        .value());
        assertThat(edits).containsOnly(202, 409);
        long accepted = edits.stream().filter(s -> s == 202).count();
        List<Long> after = jdbc.queryForList(
                "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class,
                mp);
        assertThat(after).hasSize((int) (2 + accepted));
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i)).isEqualTo(i);
        }
    }

    @Test
    void anIdempotencyKeyRacedAcrossNodesRecordsOnce() throws Exception {
        String dev = key("developer");
        String idem = UUID.randomUUID().toString();
        List<Integer> statuses = Race.of(
                10,
                i -> client(i % 2 == 0 ? a : b)
                        .post()
                        .uri("/api/v1/mini-programs")
                        .header("Authorization", "Bearer " + dev)
                        .header("Idempotency-Key", idem)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", "Once across nodes"))
                        .exchange()
                        .returnResult(Void.class)
                        .getStatus()
                        .value());
        assertThat(statuses).containsOnly(202);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE payload LIKE ?",
                        Integer.class,
                        "%Once across nodes%".getBytes()))
                .isEqualTo(1);
    }
}
