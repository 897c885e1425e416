package io.atrium.server.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.kurrentdb.KurrentDbEventStorageEngine;
import io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble;
import io.atrium.projections.runner.ReplayProgress;
import io.atrium.server.http.HttpTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's lifecycle over HTTP on a server whose events live in KurrentDB
 * ({@code atrium.event-store.kind=kurrentdb}), here the in-process KurrentDB protocol double: every
 * command, the reads with {@code minPosition}, time travel, the operation log and its verification, a
 * replay of a projection, and what happens while the store cannot be reached (503 {@code retryable},
 * health down) and after it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Closed after the class: its protocol double is stopped by then, and a cached context kept
// reconnecting to it (warnings every few hundred ms) for the rest of the suite's JVM.
@org.springframework.test.annotation.DirtiesContext
class KurrentDbServerHttpTest extends HttpTestSupport {

    static final KurrentDbProtocolDouble PROTOCOL_DOUBLE = KurrentDbProtocolDouble.start();

    @DynamicPropertySource
    static void kurrentDb(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-kurrentdb");
        registry.add("atrium.event-store.kind", () -> "kurrentdb");
        // Outages in these tests last seconds; the client's default gives up reconnecting after 1.5 s.
        registry.add(
                "atrium.event-store.kurrentdb.connection-string",
                () -> PROTOCOL_DOUBLE.connectionString() + "&maxDiscoverAttempts=20&discoveryInterval=200");
        registry.add("atrium.event-store.kurrentdb.operation-timeout-ms", () -> 2000);
    }

    @AfterAll
    static void stopDouble() {
        PROTOCOL_DOUBLE.close();
    }

    @Autowired
    EventStorageEngine engine;

    private JsonNode read(String path, String key) {
        return body(send(HttpMethod.GET, path, key, null).expectStatus().isOk());
    }

    private long position(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec answer) {
        return body(answer.expectStatus().isAccepted()).get("position").asLong();
    }

    private List<String> storedTypes(String aggregateId) {
        return engine.readEvents(aggregateId)
                .asStream()
                .map(e -> e.getPayloadType().getSimpleName())
                .toList();
    }

    @Test
    @Order(1)
    void runsTheReadmeLifecycleWithEventsInKurrentDb() throws Exception {
        assertThat(engine).isInstanceOf(KurrentDbEventStorageEngine.class);
        String dev = issueKey("developer");
        String rev = issueKey("reviewer");
        String ops = issueKey("operator");
        String aud = issueKey("auditor");
        String mp = createMiniProgram(dev);
        String base = "/api/v1/mini-programs/" + mp;

        position(upload(mp, dev, "1.0.0", samplePackage()));
        position(post(base + "/versions/1.0.0/submit", dev, null));
        position(post(base + "/versions/1.0.0/approve", rev, null));
        position(post(base + "/release", ops, Map.of("version", "1.0.0")));
        Instant released = Instant.now();
        Thread.sleep(20);
        approvedVersion(mp, dev, rev, "1.1.0");
        position(post(
                base + "/gray-release",
                ops,
                Map.of(
                        "version",
                        "1.1.0",
                        "groups",
                        List.of(Map.of(
                                "rules",
                                List.of(Map.of("attribute", "userId", "operator", "percentage", "value", 10)))),
                        "userIds",
                        List.of("u-3"))));
        position(post(base + "/gray-release/promote", ops, null));
        position(post(base + "/rollback", ops, Map.of("version", "1.0.0", "reason", "regression")));
        position(post(base + "/delist", ops, Map.of("reason", "policy review", "freezeDeveloper", true)));
        long last = position(post(base + "/relist", ops, null));

        JsonNode host = body(post("/api/v1/host-apps", ops, Map.of("name", "Shell", "bundleIds", List.of("com.x")))
                .expectStatus()
                .isAccepted());
        String ha = host.get("id").asText();
        position(send(HttpMethod.PUT, "/api/v1/host-apps/" + ha + "/mini-programs/" + mp, ops, null));
        long hostLast = position(send(
                HttpMethod.PUT, "/api/v1/host-apps/" + ha + "/domains", ops, Map.of("domains", List.of("api.x.com"))));

        // The events are in KurrentDB, one stream per aggregate, in command order.
        assertThat(storedTypes(mp))
                .startsWith("MiniProgramCreated", "VersionUploaded", "VersionSubmittedForReview", "VersionApproved")
                .endsWith("MiniProgramDelisted", "MiniProgramRelisted");

        // Reads wait for their position; the projections read KurrentDB's $all.
        JsonNode now = read(base + "?minPosition=" + last, dev);
        assertThat(now.get("currentVersion").asText()).isEqualTo("1.0.0");
        assertThat(read(base + "/versions?minPosition=" + last, dev).toString()).contains("1.1.0");
        assertThat(read("/api/v1/host-apps/" + ha + "?minPosition=" + hostLast, ops)
                        .toString())
                .contains("api.x.com");

        // Time travel: as it was right after the first release.
        JsonNode then = read(base + "?asOf=" + released, dev);
        assertThat(then.get("currentVersion").asText()).isEqualTo("1.0.0");
        assertThat(then.toString()).doesNotContain("1.1.0");

        // The operation log holds every event, hash-chained.
        JsonNode log = read("/api/v1/audit/events?aggregateId=" + mp + "&limit=100&minPosition=" + last, aud);
        assertThat(log.get("items")).hasSize(storedTypes(mp).size());
        assertThat(read("/api/v1/audit/verify", aud).get("valid").asBoolean()).isTrue();

        // A replay rebuilds a read model from $all and ends with the same answer.
        List<ReplayProgress> progress = client().post()
                .uri("/api/v1/admin/projections/catalogue/replay")
                .header("Authorization", "Bearer " + OWNER_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<ReplayProgress>>() {})
                .getResponseBody()
                .map(ServerSentEvent::data)
                .collectList()
                .block(Duration.ofSeconds(60));
        assertThat(progress).isNotEmpty();
        ReplayProgress end = progress.get(progress.size() - 1);
        assertThat(end.phase()).as(String.valueOf(end.message())).isEqualTo("done");
        // Counted through the feed: $all positions are byte offsets, the total is events.
        assertThat(end.eventsTotal()).isPositive().isLessThan(200);
        assertThat(end.eventsDone()).isGreaterThanOrEqualTo(storedTypes(mp).size());
        assertThat(read(base + "?minPosition=" + last, dev)).isEqualTo(now);

        JsonNode status = read("/api/v1/admin/projections", OWNER_KEY);
        for (JsonNode projection : status.get("projections")) {
            assertThat(projection.get("lastError").isNull())
                    .as(projection.toString())
                    .isTrue();
        }
    }

    @Test
    @Order(2)
    void answersRetryable503WhileTheStoreIsUnreachableAndRecoversAfter() {
        String dev = issueKey("developer");
        String mp = createMiniProgram(dev);
        client().get().uri("/actuator/health").exchange().expectStatus().isOk();

        PROTOCOL_DOUBLE.stopServing();
        try {
            long started = System.nanoTime();
            JsonNode refused = problem(
                    send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("name", "Offline")),
                    503,
                    "store-unavailable");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(refused.get("retryable").asBoolean()).isTrue();
            assertThat(seconds)
                    .as("bounded by the call time limit, far below the command's")
                    .isLessThan(10);
            client().get().uri("/actuator/health").exchange().expectStatus().is5xxServerError();
        } finally {
            PROTOCOL_DOUBLE.serveAgain();
        }

        // Back: the same command goes through, and nothing of the refused one was stored.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("name", "Online"))
                    .returnResult(Void.class)
                    .getStatus()
                    .value();
            if (status == 202) {
                break;
            }
            sleep(200);
        }
        assertThat(status).isEqualTo(202);
        assertThat(storedTypes(mp)).containsExactly("MiniProgramCreated", "MiniProgramDetailsUpdated");
        client().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    /**
     * On JDBC a request that loses an Idempotency-Key race rolls its events back with its transaction;
     * on KurrentDB an append cannot be rolled back, so the key is claimed before the command runs.
     */
    @Test
    @Order(3)
    void concurrentRetriesWithOneIdempotencyKeyCreateOneMiniProgram() throws Exception {
        String dev = issueKey("developer");
        String name = "Once " + java.util.UUID.randomUUID().toString().substring(0, 8);
        String key = java.util.UUID.randomUUID().toString();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.CompletableFuture<JsonNode>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return body(client().post()
                        .uri("/api/v1/mini-programs")
                        .header("Authorization", "Bearer " + dev)
                        .header("Idempotency-Key", key)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", name, "description", "d", "category", "tools", "tags", List.of()))
                        .exchange()
                        .expectStatus()
                        .isAccepted());
            }));
        }
        go.countDown();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (java.util.concurrent.CompletableFuture<JsonNode> answer : answers) {
            ids.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)
                    .get("id")
                    .asText());
        }
        assertThat(ids).as("every request answered with the one mini-program").hasSize(1);
        long created = engine.readEvents(null, false)
                .filter(e -> e.getPayload() instanceof io.atrium.events.miniprogram.MiniProgramCreated c
                        && c.details().name().equals(name))
                .count();
        assertThat(created).isEqualTo(1);
    }

    /** A command that failed gives its claim up: the same request, retried once it can succeed, runs. */
    @Test
    @Order(4)
    void aFailedCommandGivesItsIdempotencyKeyBack() {
        String dev = issueKey("developer");
        String mp = createMiniProgram(dev);
        String key = java.util.UUID.randomUUID().toString();
        String submit = "/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit";
        client().post()
                .uri(submit)
                .header("Authorization", "Bearer " + dev)
                .header("Idempotency-Key", key)
                .exchange()
                .expectStatus()
                .isNotFound();
        upload(mp, dev, "1.0.0", samplePackage()).expectStatus().isAccepted();
        for (int attempt = 0; attempt < 2; attempt++) {
            // The second answer is the first one remembered.
            client().post()
                    .uri(submit)
                    .header("Authorization", "Bearer " + dev)
                    .header("Idempotency-Key", key)
                    .exchange()
                    .expectStatus()
                    .isAccepted();
        }
        assertThat(storedTypes(mp))
                .containsExactly("MiniProgramCreated", "VersionUploaded", "VersionSubmittedForReview");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
