package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * End to end: a stored event of a type no code knows stops the projections that read its type, which
 * report it on GET /api/v1/admin/projections; the others go on. Skipping it takes the position the
 * operator confirms, resumes the projection, and the skip shows in the operation log.
 */
class PoisonEventHttpTest extends HttpTestSupport {

    private JsonNode projections() {
        return body(send(HttpMethod.GET, "/api/v1/admin/projections", OWNER_KEY, null)
                        .expectStatus()
                        .isOk())
                .get("projections");
    }

    private JsonNode projection(String name) {
        for (JsonNode p : projections()) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    @Test
    void aPoisonEventStopsItsReadersAndAnAuditedSkipResumesThem() {
        String auditor = issueKey("auditor");
        String stream = "mp-01jd0000000000000000poison";
        jdbc.update(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                        + "payload_revision, payload, meta_data) VALUES (?, ?, 0, 'MiniProgram', ?, 'atrium.miniprogram.Teleported', '1', ?, ?)",
                UUID.randomUUID().toString(),
                stream,
                Instant.now().toString(),
                "{}".getBytes(StandardCharsets.UTF_8),
                "{\"tenant\":\"default\"}".getBytes(StandardCharsets.UTF_8));
        long poison = jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, stream);
        String reviewer = issueKey("reviewer");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> projection("catalogue").get("state").asText().equals("stopped-on-poison"));
        JsonNode catalogue = projection("catalogue");
        assertThat(catalogue.get("poison").get("position").asLong()).isEqualTo(poison);
        assertThat(catalogue.get("poison").get("type").asText()).isEqualTo("atrium.miniprogram.Teleported");
        assertThat(catalogue.get("poison").get("error").asText()).contains("atrium.miniprogram.Teleported");
        // The API-key projection does not read mini-program events: it went past the poison to the key issued after it.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> projection("api-keys").get("position").asLong() > poison);
        assertThat(projection("api-keys").get("state").asText()).isEqualTo("running");

        problem(
                post(
                        "/api/v1/admin/projections/catalogue/skip",
                        OWNER_KEY,
                        Map.of("position", poison + 1, "reason", "wrong one")),
                409,
                "position-mismatch");
        problem(
                post(
                        "/api/v1/admin/projections/catalogue/skip",
                        reviewer,
                        Map.of("position", poison, "reason", "not mine")),
                403,
                "forbidden");

        List<String> skippedNames = new ArrayList<>();
        for (JsonNode p : projections()) {
            if (p.get("state").asText().equals("stopped-on-poison")) {
                String name = p.get("name").asText();
                JsonNode skipped = body(post(
                                "/api/v1/admin/projections/" + name + "/skip",
                                OWNER_KEY,
                                Map.of("position", poison, "reason", "written by a test build"))
                        .expectStatus()
                        .isOk());
                assertThat(skipped.get("position").asLong()).isEqualTo(poison);
                assertThat(skipped.get("eventType").asText()).isEqualTo("atrium.miniprogram.Teleported");
                skippedNames.add(name);
            }
        }
        assertThat(skippedNames).contains("catalogue", "audit-log");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode p : projections()) {
                if (!p.get("state").asText().equals("running")
                        || p.get("position").asLong() <= poison) {
                    return false;
                }
            }
            return true;
        });
        JsonNode log = body(send(
                                HttpMethod.GET,
                                "/api/v1/audit/events?type=atrium.projection.ProjectionEventSkipped&limit=100",
                                auditor,
                                null)
                        .expectStatus()
                        .isOk())
                .get("items");
        List<String> audited = new ArrayList<>();
        log.forEach(e -> {
            if (e.get("payload").get("position").asLong() == poison) {
                audited.add(e.get("aggregateId").asText());
            }
        });
        assertThat(audited)
                .containsExactlyInAnyOrderElementsOf(
                        skippedNames.stream().map(n -> "projection-" + n).toList());
        assertThat(log.get(0).get("commandName").asText()).isEqualTo("SkipPoisonEvent");
    }
}
