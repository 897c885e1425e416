package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.command.security.SecurityLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * The security log over HTTP: refused requests (401, 403) and reads of sensitive data become
 * operation-log entries, found by {@code type}, with route, principal and client address, and the
 * chain still verifies. Each request carries its own {@code X-Request-Id}, which the entry keeps as
 * its correlation id, so an entry is found whatever else the shared server records meanwhile.
 */
class SecurityLogHttpTest extends HttpTestSupport {

    private static final String REFUSED = "atrium.security.RequestRefused";
    private static final String READ = "atrium.security.SensitiveDataRead";

    @Autowired
    SecurityLog securityLog;

    private String auditor;

    @BeforeEach
    void freshWindows() {
        auditor = issueKey("auditor");
        // Refusals other tests caused may still hold a window open on the routes used here.
        securityLog.flush();
    }

    private static String requestId(String what) {
        return what + "-" + UUID.randomUUID();
    }

    /** The operation-log entries of {@code type} for the request {@code requestId}, as the owner reads them. */
    private List<JsonNode> entries(String type, String requestId) {
        List<JsonNode> found = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = body(send(
                            HttpMethod.GET,
                            "/api/v1/audit/events?type=" + type + "&limit=500&after=" + after,
                            OWNER_KEY,
                            null)
                    .expectStatus()
                    .isOk());
            for (JsonNode item : page.get("items")) {
                if (item.get("correlationId").asText().equals(requestId)) {
                    found.add(item);
                }
            }
            if (!page.hasNonNull("next")) {
                return found;
            }
            after = page.get("next").asLong();
        }
    }

    private JsonNode entry(String type, String requestId) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    found.clear();
                    found.addAll(entries(type, requestId));
                    return !found.isEmpty();
                });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void aRequestWithoutCredentialsIsRecordedUnderThePlatformTenantWithItsRouteAndAddress() {
        String id = requestId("no-key");
        problem(
                client().delete()
                        .uri("/api/v1/api-keys/key-01jd8q3k5v6w7x8y9z0a1b2c3d")
                        .header("X-Request-Id", id)
                        .exchange(),
                401,
                "unauthenticated");

        JsonNode entry = entry(REFUSED, id);
        assertThat(entry.get("tenant").asText()).isEqualTo("default");
        assertThat(entry.get("actor").asText()).isEqualTo("anonymous");
        assertThat(entry.get("clientAddress").asText()).isNotEmpty();
        assertThat(entry.get("aggregateType").asText()).isEqualTo("SecurityRecord");
        JsonNode payload = entry.get("payload");
        assertThat(payload.get("method").asText()).isEqualTo("DELETE");
        assertThat(payload.get("route").asText()).isEqualTo("/api/v1/api-keys/{id}");
        assertThat(payload.get("status").asInt()).isEqualTo(401);
        assertThat(payload.get("problemType").asText()).isEqualTo("https://atrium.dev/problems/unauthenticated");
        assertThat(payload.path("principal").isNull()
                        || payload.path("principal").isMissingNode())
                .isTrue();
        assertThat(payload.get("suppressed").asLong()).isZero();
    }

    @Test
    void aForbiddenRequestIsRecordedWithTheKeyThatMadeIt() {
        JsonNode issued = body(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "dev", "roles", List.of("developer")))
                .expectStatus()
                .isAccepted());
        String devKey = issued.get("key").asText();
        String devId = issued.get("id").asText();
        String id = requestId("forbidden");
        problem(
                client().post()
                        .uri("/api/v1/host-apps")
                        .header("Authorization", "Bearer " + devKey)
                        .header("X-Request-Id", id)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", "Nope"))
                        .exchange(),
                403,
                "forbidden");

        JsonNode entry = entry(REFUSED, id);
        assertThat(entry.get("actor").asText()).isEqualTo(devId);
        assertThat(entry.get("tenant").asText()).isEqualTo("default");
        JsonNode payload = entry.get("payload");
        assertThat(payload.get("principal").asText()).isEqualTo(devId);
        assertThat(payload.get("route").asText()).isEqualTo("/api/v1/host-apps");
        assertThat(payload.get("method").asText()).isEqualTo("POST");
        assertThat(payload.get("status").asInt()).isEqualTo(403);
        assertThat(payload.get("problemType").asText()).isEqualTo("https://atrium.dev/problems/forbidden");
    }

    @Test
    void readsOfTheOperationLogAreRecordedAndTheChainStillVerifies() {
        String query = requestId("query");
        client().get()
                .uri("/api/v1/audit/events?type=atrium.hostapp.HostAppRegistered&limit=5")
                .header("Authorization", "Bearer " + auditor)
                .header("X-Request-Id", query)
                .exchange()
                .expectStatus()
                .isOk();
        String export = requestId("export");
        client().get()
                .uri("/api/v1/audit/export?format=ndjson&aggregateId=nothing-here")
                .header("Authorization", "Bearer " + auditor)
                .header("X-Request-Id", export)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        String feed = requestId("feed");
        List<ServerSentEvent<String>> first = client().get()
                .uri("/api/v1/events/stream?after=0")
                .header("Authorization", "Bearer " + auditor)
                .header("X-Request-Id", feed)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .filter(e -> e.id() != null)
                .take(1)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(first).hasSize(1);

        JsonNode read = entry(READ, query);
        String auditorId = read.get("actor").asText();
        assertThat(auditorId).startsWith("key-");
        assertThat(read.get("clientAddress").asText()).isNotEmpty();
        assertThat(read.at("/payload/route").asText()).isEqualTo("/api/v1/audit/events");
        assertThat(read.at("/payload/query").asText()).isEqualTo("type=atrium.hostapp.HostAppRegistered&limit=5");
        assertThat(read.at("/payload/principal").asText()).isEqualTo(auditorId);
        assertThat(entry(READ, export).at("/payload/route").asText()).isEqualTo("/api/v1/audit/export");
        assertThat(entry(READ, feed).at("/payload/route").asText()).isEqualTo("/api/v1/events/stream");

        // A member list is personal data: reading it is recorded too.
        String members = requestId("members");
        client().get()
                .uri("/api/v1/members?size=5")
                .header("Authorization", "Bearer " + OWNER_KEY)
                .header("X-Request-Id", members)
                .exchange()
                .expectStatus()
                .isOk();
        JsonNode memberList = entry(READ, members);
        assertThat(memberList.at("/payload/route").asText()).isEqualTo("/api/v1/members");
        assertThat(memberList.at("/payload/query").asText()).isEqualTo("size=5");

        String verify = requestId("verify");
        JsonNode verdict = body(client().get()
                .uri("/api/v1/audit/verify")
                .header("Authorization", "Bearer " + auditor)
                .header("X-Request-Id", verify)
                .exchange()
                .expectStatus()
                .isOk());
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(entry(READ, verify).at("/payload/route").asText()).isEqualTo("/api/v1/audit/verify");
        // The security records are links of the chain like every other entry.
        assertThat(body(send(HttpMethod.GET, "/api/v1/audit/verify", auditor, null)
                                .expectStatus()
                                .isOk())
                        .get("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aFloodOfRefusalsFromOneAddressOnOneRouteBecomesTwoEntriesThatCountIt() {
        int flood = 40;
        String prefix = requestId("flood");
        for (int i = 0; i < flood; i++) {
            problem(
                    client().get()
                            .uri("/api/v1/search/crawls")
                            .header("X-Request-Id", prefix + "-" + i)
                            .exchange(),
                    401,
                    "unauthenticated");
        }
        JsonNode firstEntry = entry(REFUSED, prefix + "-0");
        assertThat(firstEntry.at("/payload/suppressed").asLong()).isZero();

        // The rest of the window is counted, and written when the window closes (here: at once).
        securityLog.flush();
        JsonNode summary = entry(REFUSED, prefix + "-" + (flood - 1));
        assertThat(summary.at("/payload/route").asText()).isEqualTo("/api/v1/search/crawls");
        assertThat(summary.at("/payload/suppressed").asLong())
                .as("the last refusal and the %d before it that got no entry", flood - 2)
                .isEqualTo(flood - 2);
        for (int i = 1; i < flood - 1; i++) {
            assertThat(entries(REFUSED, prefix + "-" + i))
                    .as("refusal %d has no entry of its own", i)
                    .isEmpty();
        }
        assertThat(securityLog.dropped()).isZero();
    }

    @Test
    void aScanOfMadeUpPathsFromOneAddressBecomesTwoEntriesThatCountIt() {
        int scan = 30;
        String prefix = requestId("scan");
        for (int i = 0; i < scan; i++) {
            problem(
                    client().get()
                            .uri("/api/v1/no-such-thing-" + i)
                            .header("X-Request-Id", prefix + "-" + i)
                            .exchange(),
                    401,
                    "unauthenticated");
        }
        JsonNode first = entry(REFUSED, prefix + "-0");
        assertThat(first.at("/payload/route").asText()).isEqualTo("/api/v1/no-such-thing-0");
        securityLog.flush();
        JsonNode summary = entry(REFUSED, prefix + "-" + (scan - 1));
        assertThat(summary.at("/payload/route").asText()).isEqualTo("/api/v1/no-such-thing-" + (scan - 1));
        assertThat(summary.at("/payload/suppressed").asLong()).isEqualTo(scan - 2);
        for (int i = 1; i < scan - 1; i++) {
            assertThat(entries(REFUSED, prefix + "-" + i))
                    .as("made-up path %d has no entry of its own", i)
                    .isEmpty();
        }
    }

    @Test
    void refusedSdkRequestsAreRecordedToo() {
        String id = requestId("sdk");
        problem(
                client().post()
                        .uri("/sdk/v1/manifest")
                        .header("X-Atrium-App", "ha-01jd8q3k5v6w7x8y9z0a1b2c3d")
                        .header("X-Request-Id", id)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{}")
                        .exchange(),
                401,
                "unauthenticated");
        // The manifest's Netty route has no request id of its own to keep: found by its route and principal.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Optional<JsonNode> found = allRefusals().stream()
                            .filter(e -> e.at("/payload/route").asText().equals("/sdk/v1/manifest")
                                    && e.at("/payload/principal")
                                            .asText()
                                            .equals("host-app:ha-01jd8q3k5v6w7x8y9z0a1b2c3d")
                                    && e.at("/payload/problemType")
                                            .asText()
                                            .equals("https://atrium.dev/problems/unauthenticated"))
                            .findFirst();
                    return found.isPresent();
                });
    }

    private List<JsonNode> allRefusals() {
        List<JsonNode> found = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = body(send(
                            HttpMethod.GET,
                            "/api/v1/audit/events?type=" + REFUSED + "&limit=500&after=" + after,
                            OWNER_KEY,
                            null)
                    .expectStatus()
                    .isOk());
            page.get("items").forEach(found::add);
            if (!page.hasNonNull("next")) {
                return found;
            }
            after = page.get("next").asLong();
        }
    }
}
