package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.hostapp.HostAppId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Every write endpoint's success path, in the order a real lifecycle takes them. */
class LifecycleHttpTest extends HttpTestSupport {

    @Test
    void walksTheWholeLifecycleWithEveryCommandAnswered202AndAnIncreasingPosition() {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String ops = issueKey("operator");
        String mp = createMiniProgram(dev);
        String base = "/api/v1/mini-programs/" + mp;

        long last = 0;
        last = accepted(send(HttpMethod.PATCH, base, dev, Map.of("description", "Forecasts for everyone")), mp, last);
        last = accepted(upload(mp, dev, "1.0.0", samplePackage()), mp, last);
        last = accepted(post(base + "/versions/1.0.0/submit", dev, null), mp, last);
        last = accepted(post(base + "/versions/1.0.0/approve", reviewer, null), mp, last);
        last = accepted(post(base + "/release", ops, Map.of("version", "1.0.0")), mp, last);
        last = accepted(upload(mp, dev, "1.1.0", samplePackage()), mp, last);
        last = accepted(post(base + "/versions/1.1.0/submit", dev, null), mp, last);
        last = accepted(
                post(base + "/versions/1.1.0/reject", reviewer, Map.of("reason", "crashes on launch")), mp, last);
        approvedVersion(mp, dev, reviewer, "1.2.0");
        last = accepted(
                post(
                        base + "/gray-release",
                        ops,
                        Map.of(
                                "version",
                                "1.2.0",
                                "groups",
                                List.of(Map.of(
                                        "rules",
                                        List.of(Map.of("attribute", "userId", "operator", "percentage", "value", 10)))),
                                "userIds",
                                List.of("u-1"))),
                mp,
                last);
        last = accepted(
                send(
                        HttpMethod.PUT,
                        base + "/gray-release",
                        ops,
                        Map.of(
                                "groups",
                                List.of(Map.of(
                                        "rules",
                                        List.of(Map.of(
                                                "attribute", "deviceType", "operator", "eq", "value", "ios")))))),
                mp,
                last);
        last = accepted(post(base + "/gray-release/promote", ops, null), mp, last);
        approvedVersion(mp, dev, reviewer, "1.3.0");
        last = accepted(
                post(base + "/gray-release", ops, Map.of("version", "1.3.0", "userIds", List.of("u-9"))), mp, last);
        last = accepted(send(HttpMethod.DELETE, base + "/gray-release?reason=enough", ops, null), mp, last);
        last = accepted(
                post(base + "/rollback", ops, Map.of("version", "1.0.0", "reason", "regression in 1.2.0")), mp, last);
        last = accepted(
                post(base + "/delist", ops, Map.of("reason", "policy review", "freezeDeveloper", true)), mp, last);
        accepted(post(base + "/relist", ops, null), mp, last);

        assertThat(eventTypes(mp))
                .containsExactly(
                        "MiniProgramCreated",
                        "MiniProgramDetailsUpdated",
                        "VersionUploaded",
                        "VersionSubmittedForReview",
                        "VersionApproved",
                        "VersionReleased",
                        "VersionUploaded",
                        "VersionSubmittedForReview",
                        "VersionRejected",
                        "VersionUploaded",
                        "VersionSubmittedForReview",
                        "VersionApproved",
                        "GrayReleaseStarted",
                        "GrayRulesChanged",
                        "GrayReleasePromoted",
                        "VersionReleased",
                        "VersionUploaded",
                        "VersionSubmittedForReview",
                        "VersionApproved",
                        "GrayReleaseStarted",
                        "GrayReleaseCancelled",
                        "ReleaseRolledBack",
                        "MiniProgramDelisted",
                        "MiniProgramRelisted");
    }

    @Test
    void registersAndConfiguresAHostApp() {
        String dev = issueKey("developer");
        String ops = issueKey("operator");
        String mp = createMiniProgram(dev);
        JsonNode registered =
                body(post("/api/v1/host-apps", ops, Map.of("name", "Shell", "bundleIds", List.of("com.example.shell")))
                        .expectStatus()
                        .isAccepted());
        String ha = registered.get("id").asText();
        assertThat(registered.get("secret").asText()).matches("[0-9a-f]{64}");
        String base = "/api/v1/host-apps/" + ha;
        long last = registered.get("position").asLong();
        last = accepted(
                send(
                        HttpMethod.PUT,
                        base + "/bundle-ids",
                        ops,
                        Map.of("bundleIds", List.of("com.example.shell", "com.example.android"))),
                ha,
                last);
        last = accepted(
                send(
                        HttpMethod.PUT,
                        base + "/domains",
                        ops,
                        Map.of("domains", List.of("api.example.com", "*.cdn.example.com"))),
                ha,
                last);
        last = accepted(send(HttpMethod.PUT, base + "/mini-programs/" + mp, ops, null), ha, last);
        last = accepted(
                post(base + "/custom-apis", ops, Map.of("name", "getWallet", "description", "Reads the user's wallet")),
                ha,
                last);
        last = accepted(post(base + "/menus", ops, Map.of("name", "share", "title", "Share")), ha, last);
        last = accepted(
                send(
                        HttpMethod.PUT,
                        base + "/grants/" + mp,
                        ops,
                        Map.of(
                                "apis",
                                List.of("getWallet"),
                                "menus",
                                List.of("share"),
                                "scopes",
                                List.of("scope.userInfo"),
                                "apiGroups",
                                List.of("ui", "network"))),
                ha,
                last);
        accepted(send(HttpMethod.DELETE, base + "/mini-programs/" + mp, ops, null), ha, last);
        assertThat(eventTypes(ha))
                .containsExactly(
                        "HostAppRegistered",
                        "BundleIdsBound",
                        "DomainAllowlistSet",
                        "MiniProgramAssociated",
                        "CustomApiDefined",
                        "MenuItemDefined",
                        "GrantsSet",
                        "MiniProgramDissociated");
        // The secret is derived, never stored: no event holds it.
        String secret = registered.get("secret").asText();
        List<byte[]> payloads = jdbc.queryForList(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, ha);
        assertThat(payloads).noneMatch(p -> new String(p, StandardCharsets.UTF_8).contains(secret));
        assertThat(HostAppId.class).isNotNull();
    }

    @Test
    void issuesAndRevokesKeysAndARevokedKeyStopsWorking() {
        JsonNode issued = body(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "ci", "roles", List.of("developer")))
                .expectStatus()
                .isAccepted());
        String key = issued.get("key").asText();
        assertThat(key).startsWith("atr_");
        createMiniProgram(key);
        accepted(
                send(HttpMethod.DELETE, "/api/v1/api-keys/" + issued.get("id").asText(), OWNER_KEY, null),
                issued.get("id").asText(),
                0);
        problem(post("/api/v1/mini-programs", key, Map.of("name", "After revocation")), 401, "unauthenticated");
        // Only the hash is stored.
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT * FROM api_key WHERE id = ?", issued.get("id").asText());
        assertThat(rows.get(0).toString()).doesNotContain(key);
        List<byte[]> payloads = jdbc.queryForList(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?",
                byte[].class,
                issued.get("id").asText());
        assertThat(payloads).noneMatch(p -> new String(p, StandardCharsets.UTF_8).contains(key));
    }

    @Test
    void recordsWhoDidWhatFromWhereOnEveryEvent() throws Exception {
        String dev = issueKey("developer");
        JsonNode created = body(client().post()
                .uri("/api/v1/mini-programs")
                .header("Authorization", "Bearer " + dev)
                .header("X-Request-Id", "req-metadata-test")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Audited"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueEquals("X-Request-Id", "req-metadata-test"));
        String mp = created.get("id").asText();
        byte[] metaData = jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, mp);
        JsonNode meta = JSON.readTree(metaData);
        String devKeyId = jdbc.queryForObject(
                "SELECT id FROM api_key WHERE secret_sha256 = ?",
                String.class,
                io.atrium.command.apikey.ApiKeyTable.sha256(dev));
        assertThat(meta.get("tenant").asText()).isEqualTo("default");
        assertThat(meta.get("actor").asText()).isEqualTo(devKeyId);
        assertThat(meta.get("clientAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(meta.get("correlationId").asText()).isEqualTo("req-metadata-test");
        assertThat(meta.get("causationId").asText()).isNotBlank();
        assertThat(meta.get("commandName").asText()).isEqualTo("CreateMiniProgram");
    }

    @Test
    void approvalSealsThePackageIntoTheStore() {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String mp = createMiniProgram(dev);
        long before = blobCount();
        approvedVersion(mp, dev, reviewer, "1.0.0");
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%VersionApproved'",
                byte[].class, mp);
        String json = new String(payload, StandardCharsets.UTF_8);
        assertThat(json).contains("\"wrappedDataKey\"").contains("\"signingKeyId\"");
        // The plain upload may already exist (same bytes as another test's); the sealed one is always new.
        assertThat(blobCount()).isGreaterThan(before);
    }

    private long accepted(
            org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
            String id,
            long previous) {
        JsonNode body = body(response.expectStatus().isAccepted());
        assertThat(body.get("id").asText()).isEqualTo(id);
        long position = body.get("position").asLong();
        assertThat(position).isGreaterThan(previous);
        // The answer names where the command's (last) event was stored: the target's newest event.
        assertThat(position)
                .isEqualTo(jdbc.queryForObject(
                        "SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class,
                        id));
        return position;
    }
}
