package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** A retried command answers its first result and appends nothing; the key with another body is a 422. */
class IdempotencyHttpTest extends HttpTestSupport {

    private WebTestClient.ResponseSpec create(String key, String idempotencyKey, String name) {
        return client().post()
                .uri("/api/v1/mini-programs")
                .header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "category", "tools"))
                .exchange();
    }

    @Test
    void aRetryAnswersTheFirstResultAndAppendsNothing() {
        String dev = issueKey("developer");
        String idem = UUID.randomUUID().toString();
        JsonNode first = body(create(dev, idem, "Once")
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .doesNotExist("Idempotent-Replayed"));
        long events = eventCount();
        JsonNode retry = body(create(dev, idem, "Once")
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueEquals("Idempotent-Replayed", "true"));
        assertThat(retry).isEqualTo(first);
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String dev = issueKey("developer");
        String idem = UUID.randomUUID().toString();
        create(dev, idem, "First").expectStatus().isAccepted();
        long events = eventCount();
        JsonNode problem = problem(create(dev, idem, "Second"), 422, "idempotency-key-reused");
        assertThat(problem.get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void concurrentRetriesRecordTheCommandOnce() throws Exception {
        String dev = issueKey("developer");
        String idem = UUID.randomUUID().toString();
        long events = eventCount();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit((Callable<JsonNode>)
                        () -> body(create(dev, idem, "Racy").expectStatus().isAccepted())));
            }
            Set<String> ids = new java.util.HashSet<>();
            for (Future<JsonNode> answer : answers) {
                ids.add(answer.get().get("id").asText());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventCount() - events).isEqualTo(1);
    }

    @Test
    void aRetriedUploadStoresAndRecordsOnce() {
        String dev = issueKey("developer");
        String mp = createMiniProgram(dev);
        String idem = UUID.randomUUID().toString();
        // A retry sends the same bytes.
        byte[] zip = samplePackage();
        JsonNode first =
                body(uploadWithKey(mp, dev, idem, "1.0.0", zip).expectStatus().isAccepted());
        long events = eventCount();
        long blobs = blobCount();
        JsonNode retry =
                body(uploadWithKey(mp, dev, idem, "1.0.0", zip).expectStatus().isAccepted());
        assertThat(retry).isEqualTo(first);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(blobCount()).isEqualTo(blobs);
        problem(uploadWithKey(mp, dev, idem, "1.0.1", zip), 422, "idempotency-key-reused");
    }

    @Test
    void keysAreScopedToTheirCommandsResultNotShared() {
        String dev = issueKey("developer");
        String a = body(create(dev, "key-a-" + UUID.randomUUID(), "A")
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        String b = body(create(dev, "key-b-" + UUID.randomUUID(), "A")
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aRetriedKeyIssueDoesNotShowTheKeyAgain() {
        String idem = UUID.randomUUID().toString();
        WebTestClient.RequestHeadersSpec<?> request = client().post()
                .uri("/api/v1/api-keys")
                .header("Authorization", "Bearer " + OWNER_KEY)
                .header("Idempotency-Key", idem)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "once", "roles", List.of("auditor")));
        JsonNode first = body(request.exchange().expectStatus().isAccepted());
        JsonNode retry = body(request.exchange().expectStatus().isAccepted());
        assertThat(first.get("key").asText()).startsWith("atr_");
        assertThat(retry.get("id")).isEqualTo(first.get("id"));
        assertThat(retry.get("position")).isEqualTo(first.get("position"));
        assertThat(retry.has("key")).isFalse();
        assertThat(retry.get("notice").asText()).contains("shown only");
        assertThat(jdbc.queryForList("SELECT id FROM api_key WHERE name = 'once'", String.class).stream()
                        .collect(Collectors.toSet()))
                .containsExactly(first.get("id").asText());
    }

    private WebTestClient.ResponseSpec uploadWithKey(String mp, String key, String idem, String version, byte[] zip) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("version", version);
        parts.part("package", new ByteArrayResource(zip) {
            @Override
            public String getFilename() {
                return "p.zip";
            }
        });
        return client().post()
                .uri("/api/v1/mini-programs/" + mp + "/versions")
                .header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", idem)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }
}
