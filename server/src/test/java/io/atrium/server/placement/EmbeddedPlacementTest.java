package io.atrium.server.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.server.AtriumApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The embedded default of a placement: a tenant listed with nothing but its first key gets H2 files of
 * its own under {@code <data dir>/tenants/<id>}, and its data is there, not in the shared files.
 */
class EmbeddedPlacementTest {

    static final String OWNER = "embedded-default-owner-0123456789";
    static final String ACME_OWNER = "embedded-acme-owner-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    Path dataDir;

    @Test
    void aTenantListedWithoutDatabasesGetsEmbeddedFilesOfItsOwn() throws Exception {
        String id;
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(AtriumApplication.class)
                .run(
                        "--server.port=0",
                        "--atrium.data-dir=" + dataDir,
                        "--atrium.bootstrap-api-key=" + OWNER,
                        "--atrium.tenants.acme.bootstrap-api-key=" + ACME_OWNER,
                        "--atrium.search.crawl.worker=in-process")) {
            WebTestClient client = WebTestClient.bindToServer(io.atrium.server.support.TestConnector.get())
                    .baseUrl("http://localhost:"
                            + ((WebServerApplicationContext) server)
                                    .getWebServer()
                                    .getPort())
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
            JsonNode created = JSON.readTree(client.post()
                    .uri("/api/v1/mini-programs")
                    .header("Authorization", "Bearer " + ACME_OWNER)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "Acme embedded"))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
            id = created.get("id").asText();
            String read = "/api/v1/mini-programs/" + id + "?minPosition="
                    + created.get("position").asLong();
            client.get()
                    .uri(read)
                    .header("Authorization", "Bearer " + ACME_OWNER)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.name")
                    .isEqualTo("Acme embedded");
            client.get()
                    .uri("/api/v1/mini-programs/" + id)
                    .header("Authorization", "Bearer " + OWNER)
                    .exchange()
                    .expectStatus()
                    .isNotFound();

            // A member of the placed tenant: invited, logged in and refreshed against acme's own database.
            String invitation = post(
                            client,
                            "/api/v1/members",
                            ACME_OWNER,
                            Map.of("email", "ada@acme.example", "displayName", "Ada", "roles", List.of("developer")))
                    .get("invitationToken")
                    .asText();
            post(client, "/api/v1/auth/invitations/accept", null, Map.of("token", invitation, "password", PASSWORD));
            JsonNode tokens = post(
                    client,
                    "/api/v1/auth/login",
                    null,
                    Map.of("tenant", "acme", "email", "ada@acme.example", "password", PASSWORD));
            client.get()
                    .uri(read)
                    .header(
                            "Authorization",
                            "Bearer " + tokens.get("accessToken").asText())
                    .exchange()
                    .expectStatus()
                    .isOk();
            JsonNode refreshed = post(
                    client,
                    "/api/v1/auth/refresh",
                    null,
                    Map.of("refreshToken", tokens.get("refreshToken").asText()));
            client.get()
                    .uri(read)
                    .header(
                            "Authorization",
                            "Bearer " + refreshed.get("accessToken").asText())
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        // The server is closed, so its H2 files can be opened here.
        JdbcTemplate acmeEvents = h2(dataDir.resolve("tenants/acme/eventstore/atrium"), "");
        JdbcTemplate sharedEvents = h2(dataDir.resolve("eventstore/atrium"), "");
        JdbcTemplate acmeRead =
                h2(dataDir.resolve("tenants/acme/readmodel/atrium"), ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        JdbcTemplate sharedRead = h2(dataDir.resolve("readmodel/atrium"), ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        String byAggregate = "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?";
        assertThat(acmeEvents.queryForObject(byAggregate, Integer.class, id)).isEqualTo(1);
        assertThat(sharedEvents.queryForObject(byAggregate, Integer.class, id)).isZero();
        assertThat(acmeEvents.queryForList("SELECT DISTINCT tenant_id FROM api_key", String.class))
                .containsExactly("acme");
        assertThat(sharedEvents.queryForList("SELECT DISTINCT tenant_id FROM api_key", String.class))
                .containsExactly("default");
        String members = "SELECT COUNT(*) FROM member WHERE email = 'ada@acme.example'";
        assertThat(acmeEvents.queryForObject(members, Integer.class)).isEqualTo(1);
        assertThat(sharedEvents.queryForObject(members, Integer.class)).isZero();
        String sessions = "SELECT COUNT(*) FROM member_session";
        assertThat(acmeEvents.queryForObject(sessions, Integer.class)).isEqualTo(1);
        assertThat(sharedEvents.queryForObject(sessions, Integer.class)).isZero();
        String byId = "SELECT COUNT(*) FROM mini_program WHERE id = ?";
        assertThat(acmeRead.queryForObject(byId, Integer.class, id)).isEqualTo(1);
        assertThat(sharedRead.queryForObject(byId, Integer.class, id)).isZero();
    }

    /** A POST that must be answered 2xx, and its JSON. */
    static JsonNode post(WebTestClient client, String uri, String key, Map<String, ?> body) throws Exception {
        WebTestClient.RequestBodySpec request = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        byte[] answer = request.bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return answer == null ? JSON.createObjectNode() : JSON.readTree(answer);
    }

    static JdbcTemplate h2(Path file, String options) {
        return new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:file:" + file + options, "sa", ""));
    }
}
