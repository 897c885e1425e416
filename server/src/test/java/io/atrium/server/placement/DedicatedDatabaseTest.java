package io.atrium.server.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.packaging.Zips;
import io.atrium.server.AtriumApplication;
import io.atrium.server.support.TestMariaDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
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
 * A tenant placed in a MariaDB database of its own ({@code atrium.tenants.acme}) beside the default
 * tenant in the shared one, on one server. Both walk a mini-program's lifecycle through the API; then
 * MariaDB itself is asked where everything went: acme's events, command-side rows and read-model rows
 * are in acme's databases and nowhere else, and the default tenant's are nowhere in acme's.
 */
@Tag("services")
class DedicatedDatabaseTest {

    static final String SERVER = TestMariaDb.URL;
    static final String USER = TestMariaDb.USER;
    static final String PASSWORD = TestMariaDb.PASSWORD;
    static final String PREFIX = "atrium_placed_" + Long.toHexString(System.nanoTime());
    static final String SHARED_EVENTS = PREFIX + "_shared";
    static final String SHARED_READ = PREFIX + "_shared_read";
    static final String ACME_EVENTS = PREFIX + "_acme";
    static final String ACME_READ = PREFIX + "_acme_read";
    static final String OWNER = "placed-default-owner-0123456789";
    static final String ACME_OWNER = "placed-acme-owner-0123456789ab";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    static ConfigurableApplicationContext server;
    static JdbcTemplate sharedEvents;
    static JdbcTemplate sharedRead;
    static JdbcTemplate acmeEvents;
    static JdbcTemplate acmeRead;

    @BeforeAll
    static void start() throws Exception {
        TestMariaDb.create(SHARED_EVENTS, SHARED_READ, ACME_EVENTS, ACME_READ);
        server = new SpringApplicationBuilder(AtriumApplication.class)
                .run(
                        "--server.port=0",
                        "--atrium.data-dir=" + dataDir,
                        "--atrium.event-store.kind=jdbc",
                        "--atrium.event-store.url=" + SERVER + SHARED_EVENTS,
                        "--atrium.event-store.username=" + USER,
                        "--atrium.event-store.password=" + PASSWORD,
                        "--atrium.read-model.kind=mysql",
                        "--atrium.read-model.database=" + SHARED_READ,
                        "--atrium.read-model.username=" + USER,
                        "--atrium.read-model.password=" + PASSWORD,
                        "--atrium.bootstrap-api-key=" + OWNER,
                        "--atrium.tenants.acme.event-store.url=" + SERVER + ACME_EVENTS,
                        "--atrium.tenants.acme.event-store.username=" + USER,
                        "--atrium.tenants.acme.event-store.password=" + PASSWORD,
                        "--atrium.tenants.acme.read-model.kind=mysql",
                        "--atrium.tenants.acme.read-model.database=" + ACME_READ,
                        "--atrium.tenants.acme.read-model.username=" + USER,
                        "--atrium.tenants.acme.read-model.password=" + PASSWORD,
                        "--atrium.tenants.acme.bootstrap-api-key=" + ACME_OWNER,
                        "--atrium.search.crawl.worker=in-process");
        sharedEvents = jdbc(SHARED_EVENTS);
        sharedRead = jdbc(SHARED_READ);
        acmeEvents = jdbc(ACME_EVENTS);
        acmeRead = jdbc(ACME_READ);
    }

    static JdbcTemplate jdbc(String database) {
        return TestMariaDb.jdbc(database);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        TestMariaDb.drop(SHARED_EVENTS, SHARED_READ, ACME_EVENTS, ACME_READ);
    }

    /** What one tenant did through the API. */
    record Walk(String miniProgram, long released, String auditor) {}

    @Test
    void aPlacedTenantsDataIsInItsOwnDatabasesAndNowhereElse() throws Exception {
        Walk shared = lifecycle(OWNER, "Shared app");
        Walk acme = lifecycle(ACME_OWNER, "Acme app");
        String idempotencyKey = UUID.randomUUID().toString();
        accepted(client().post()
                .uri("/api/v1/mini-programs")
                .header("Authorization", "Bearer " + ACME_OWNER)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Acme once"))
                .exchange());

        // Each database numbers its own events: acme's answer is a position in acme's event table.
        assertThat(acmeEvents.queryForObject(
                        "SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class,
                        acme.miniProgram()))
                .isEqualTo(acme.released());
        assertThat(sharedEvents.queryForObject(
                        "SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class,
                        shared.miniProgram()))
                .isEqualTo(shared.released());

        // Events: acme's (keys, mini-programs, everything) only in acme's store; none of the default tenant's there.
        assertThat(tenantsOfEvents(acmeEvents)).containsExactly("acme");
        assertThat(tenantsOfEvents(sharedEvents)).containsExactly("default");
        assertThat(count(acmeEvents, "domain_event_entry", acme.miniProgram())).isEqualTo(5);
        assertThat(count(sharedEvents, "domain_event_entry", acme.miniProgram()))
                .isZero();
        assertThat(count(acmeEvents, "domain_event_entry", shared.miniProgram()))
                .isZero();

        // The command side's own tables.
        assertThat(tenants(acmeEvents, "api_key")).containsExactly("acme");
        assertThat(tenants(sharedEvents, "api_key")).containsExactly("default");
        assertThat(acmeEvents.queryForObject(
                        "SELECT COUNT(*) FROM idempotency_record WHERE idempotency_key = ?",
                        Integer.class,
                        idempotencyKey))
                .isEqualTo(1);
        assertThat(tenants(sharedEvents, "idempotency_record")).doesNotContain("acme");

        // Read models: wait until acme's projections have applied everything, then every table with a tenant.
        long acmeHead = acmeEvents.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> acmeRead.queryForObject(
                                "SELECT COUNT(*) FROM projection_checkpoint WHERE position >= ?",
                                Integer.class,
                                acmeHead)
                        >= 5);
        List<String> tenantTables = acmeRead.queryForList(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = ? AND column_name = 'tenant_id'",
                String.class,
                ACME_READ);
        assertThat(tenantTables).contains("mini_program", "api_key_view", "audit_log", "search_program");
        for (String table : tenantTables) {
            assertThat(tenants(acmeRead, table)).as(table).doesNotContain("default");
            assertThat(tenants(sharedRead, table)).as(table).doesNotContain("acme");
        }
        for (String table : List.of("mini_program", "api_key_view", "audit_log", "search_program")) {
            assertThat(tenants(acmeRead, table)).as(table).containsExactly("acme");
            assertThat(tenants(sharedRead, table)).as(table).containsExactly("default");
        }
        assertThat(acmeRead.queryForObject(
                        "SELECT COUNT(*) FROM mini_program_version WHERE mini_program_id = ?",
                        Integer.class,
                        acme.miniProgram()))
                .isEqualTo(1);
        assertThat(sharedRead.queryForObject(
                        "SELECT COUNT(*) FROM mini_program_version WHERE mini_program_id = ?",
                        Integer.class,
                        acme.miniProgram()))
                .isZero();

        // Through the API: each tenant reads its own, not the other's, and each chain verifies.
        assertThat(get(OWNER, "/api/v1/mini-programs/" + acme.miniProgram())
                        .returnResult(Void.class)
                        .getStatus()
                        .value())
                .isEqualTo(404);
        assertThat(get(ACME_OWNER, "/api/v1/mini-programs/" + shared.miniProgram())
                        .returnResult(Void.class)
                        .getStatus()
                        .value())
                .isEqualTo(404);
        for (Walk walk : List.of(shared, acme)) {
            JsonNode verdict = ok(get(walk.auditor(), "/api/v1/audit/verify"));
            assertThat(verdict.get("valid").asBoolean()).isTrue();
            assertThat(verdict.get("entries").asInt()).isPositive();
        }
    }

    @Test
    void aPlacedTenantsMinPositionWaitsOnItsOwnReadModel() throws Exception {
        // Push acme's log well past the shared one's head: a wait on the shared checkpoints would time out.
        long sharedHead = sharedEvents.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        String last = null;
        long position = 0;
        while (position <= sharedHead + 5) {
            JsonNode created = accepted(post(ACME_OWNER, "/api/v1/mini-programs", Map.of("name", "Acme " + position)));
            last = created.get("id").asText();
            position = created.get("position").asLong();
        }
        JsonNode read = ok(get(ACME_OWNER, "/api/v1/mini-programs/" + last + "?minPosition=" + position));
        assertThat(read.get("id").asText()).isEqualTo(last);
        // The default tenant's small positions are waited for in the shared read model, and answer at once.
        JsonNode created = accepted(post(OWNER, "/api/v1/mini-programs", Map.of("name", "Default late")));
        long sharedPosition = created.get("position").asLong();
        assertThat(sharedPosition).isLessThan(position);
        JsonNode own = ok(
                get(OWNER, "/api/v1/mini-programs/" + created.get("id").asText() + "?minPosition=" + sharedPosition));
        assertThat(own.get("name").asText()).isEqualTo("Default late");
    }

    @Test
    void aPlacedTenantsHostAppGetsItsManifestAndPackageFromTheSdk() throws Exception {
        Walk acme = lifecycle(ACME_OWNER, "Acme SDK app");
        JsonNode host = accepted(post(
                ACME_OWNER, "/api/v1/host-apps", Map.of("name", "Acme shell", "bundleIds", List.of("com.acme.shell"))));
        String hostId = host.get("id").asText();
        String secret = host.get("secret").asText();
        accepted(client().put()
                .uri("/api/v1/host-apps/" + hostId + "/mini-programs/" + acme.miniProgram())
                .header("Authorization", "Bearer " + ACME_OWNER)
                .exchange());
        byte[] body = JSON.writeValueAsBytes(
                Map.of("hostAppId", hostId, "miniProgramId", acme.miniProgram(), "user", Map.of("userId", "u1")));
        // The host app and its program are only in acme's read model: the SDK's snapshot of it serves them.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> signed(hostId, secret, "POST", "/sdk/v1/manifest", body)
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        JsonNode manifest = ok(signed(hostId, secret, "POST", "/sdk/v1/manifest", body));
        assertThat(manifest.toString()).contains(acme.miniProgram()).contains("1.0.0");
        signed(hostId, secret, "GET", "/sdk/v1/packages/" + acme.miniProgram() + "/1.0.0", new byte[0])
                .expectStatus()
                .isOk();
    }

    /** An SDK request signed by the host app, as the runtime SDK signs it. */
    static WebTestClient.ResponseSpec signed(String host, String secret, String method, String path, byte[] body) {
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String signature = java.util.HexFormat.of()
                .formatHex(io.atrium.query.sdk.HostSignatures.sign(
                        secret, timestamp, nonce, method, path, "com.acme.shell", body));
        WebTestClient.RequestBodySpec request = client().method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .header("X-Atrium-App", host)
                .header("X-Atrium-Timestamp", timestamp)
                .header("X-Atrium-Nonce", nonce)
                .header("X-Atrium-Signature", signature)
                .header("X-Atrium-Bundle-Id", "com.acme.shell");
        return body.length == 0
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
    }

    /** Keys, a mini-program uploaded, reviewed by another key, and released, as {@code owner}'s tenant. */
    Walk lifecycle(String owner, String name) throws Exception {
        String dev = key(owner, "developer");
        String reviewer = key(owner, "reviewer");
        String auditor = key(owner, "auditor");
        String mp = accepted(post(dev, "/api/v1/mini-programs", Map.of("name", name)))
                .get("id")
                .asText();
        accepted(upload(mp, dev, "1.0.0"));
        accepted(post(dev, "/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit", null));
        accepted(post(reviewer, "/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", null));
        long released = accepted(post(owner, "/api/v1/mini-programs/" + mp + "/release", Map.of("version", "1.0.0")))
                .get("position")
                .asLong();
        JsonNode read = ok(get(dev, "/api/v1/mini-programs/" + mp + "?minPosition=" + released));
        assertThat(read.get("name").asText()).isEqualTo(name);
        assertThat(read.get("currentVersion").asText()).isEqualTo("1.0.0");
        return new Walk(mp, released, auditor);
    }

    static List<String> tenantsOfEvents(JdbcTemplate db) {
        return db.queryForList("SELECT meta_data FROM domain_event_entry", byte[].class).stream()
                .map(bytes -> {
                    try {
                        return JSON.readTree(new String(bytes, StandardCharsets.UTF_8))
                                .get("tenant")
                                .asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .toList();
    }

    static List<String> tenants(JdbcTemplate db, String table) {
        return db.queryForList("SELECT DISTINCT tenant_id FROM " + table, String.class);
    }

    static int count(JdbcTemplate db, String table, String aggregateId) {
        return db.queryForObject(
                "SELECT COUNT(*) FROM " + table + " WHERE aggregate_identifier = ?", Integer.class, aggregateId);
    }

    static String key(String owner, String role) throws Exception {
        return accepted(post(owner, "/api/v1/api-keys", Map.of("name", role, "roles", List.of(role))))
                .get("key")
                .asText();
    }

    static WebTestClient client() {
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        return WebTestClient.bindToServer(io.atrium.server.support.TestConnector.get())
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    static WebTestClient.ResponseSpec post(String key, String path, Object body) {
        WebTestClient.RequestBodySpec request = client().post().uri(path).header("Authorization", "Bearer " + key);
        return body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
    }

    static WebTestClient.ResponseSpec get(String key, String path) {
        return client().get().uri(path).header("Authorization", "Bearer " + key).exchange();
    }

    static WebTestClient.ResponseSpec upload(String mp, String key, String version) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("version", version);
        parts.part("package", new ByteArrayResource(Zips.sample()) {
            @Override
            public String getFilename() {
                return "p.zip";
            }
        });
        return client().post()
                .uri("/api/v1/mini-programs/" + mp + "/versions")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    static JsonNode accepted(WebTestClient.ResponseSpec response) throws Exception {
        return JSON.readTree(
                response.expectStatus().isAccepted().expectBody().returnResult().getResponseBody());
    }

    static JsonNode ok(WebTestClient.ResponseSpec response) throws Exception {
        return JSON.readTree(
                response.expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }
}
