package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.command.apikey.ApiKeyTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Custom roles end to end: defined by an owner or admin, held by a key, counted from the next
 * request, edited, deleted, listed, logged; the four-eyes rule holds for a custom reviewer; the key
 * list never shows a secret.
 */
class CustomRolesHttpTest extends HttpTestSupport {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A role name no other test of this JVM uses. */
    private static String roleName(String stem) {
        return stem + "-" + System.nanoTime() % 100_000 + "-" + SEQ.incrementAndGet();
    }

    private WebTestClient.ResponseSpec define(String key, String name, List<String> permissions) {
        return post(
                "/api/v1/roles",
                key,
                Map.of("name", name, "description", "made by a test", "permissions", permissions));
    }

    private String issueWithRoles(String... roles) {
        return body(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "custom " + roles[0], "roles", List.of(roles)))
                        .expectStatus()
                        .isAccepted())
                .get("key")
                .asText();
    }

    private String keyId(String key) {
        return jdbc.queryForObject(
                "SELECT id FROM api_key WHERE secret_sha256 = ?", String.class, ApiKeyTable.sha256(key));
    }

    private WebTestClient.ResponseSpec registerHostApp(String key) {
        return post(
                "/api/v1/host-apps",
                key,
                Map.of("name", "Shell", "bundleIds", List.of("com.example.roles" + SEQ.incrementAndGet())));
    }

    @Test
    void aRoleCountsFromTheNextRequestUntilItIsChangedAndIsDeletedOnceNoKeyHoldsIt() {
        String role = roleName("host-keeper");
        define(OWNER_KEY, role, List.of("manage-host-apps", "read"))
                .expectStatus()
                .isAccepted();
        String key = issueWithRoles(role);

        registerHostApp(key).expectStatus().isAccepted();
        send(HttpMethod.GET, "/api/v1/host-apps", key, null).expectStatus().isOk();
        problem(post("/api/v1/mini-programs", key, Map.of("name", "x")), 403, "forbidden");

        send(HttpMethod.PUT, "/api/v1/roles/" + role, OWNER_KEY, Map.of("permissions", List.of("read")))
                .expectStatus()
                .isAccepted();
        JsonNode refused = problem(registerHostApp(key), 403, "forbidden");
        assertThat(refused.get("permission").asText()).isEqualTo("manage_host_apps");
        assertThat(refused.get("detail").asText()).contains("custom role granting the permission manage-host-apps");
        send(HttpMethod.GET, "/api/v1/host-apps", key, null).expectStatus().isOk();

        JsonNode inUse =
                problem(send(HttpMethod.DELETE, "/api/v1/roles/" + role, OWNER_KEY, null), 409, "rule-violated");
        assertThat(inUse.get("rule").asText()).isEqualTo("role-in-use");
        send(HttpMethod.DELETE, "/api/v1/api-keys/" + keyId(key), OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        send(HttpMethod.DELETE, "/api/v1/roles/" + role, OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        problem(
                send(HttpMethod.PUT, "/api/v1/roles/" + role, OWNER_KEY, Map.of("permissions", List.of("read"))),
                404,
                "not-found");
        // The name is free again.
        define(OWNER_KEY, role, List.of("read")).expectStatus().isAccepted();
    }

    @Test
    void aCustomReviewerIsStillBoundByFourEyes() {
        String role = roleName("dev-reviewer");
        define(OWNER_KEY, role, List.of("develop", "review", "read"))
                .expectStatus()
                .isAccepted();
        String first = issueWithRoles(role);
        String second = issueWithRoles(role);
        String mp = createMiniProgram(first);
        upload(mp, first, "1.0.0", samplePackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit", first, null)
                .expectStatus()
                .isAccepted();

        JsonNode own = problem(
                post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", first, null), 409, "rule-violated");
        assertThat(own.get("rule").asText()).isEqualTo("four-eyes");
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", second, null)
                .expectStatus()
                .isAccepted();
    }

    @Test
    void nobodyGrantsWhatTheyDoNotHoldNorRedefinesABuiltInRole() {
        String admin = issueKey("admin");
        JsonNode ownerish = problem(
                define(admin, roleName("key-keeper"), List.of("manage-keys", "manage-owner-keys")), 403, "forbidden");
        assertThat(ownerish.get("permission").asText()).isEqualTo("manage_owner_keys");
        problem(define(OWNER_KEY, roleName("tenant-maker"), List.of("manage-tenants")), 400, "invalid-input");
        assertThat(problem(define(OWNER_KEY, "auditor", List.of("read")), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("name");
        assertThat(problem(define(OWNER_KEY, roleName("typo"), List.of("read", "fly")), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("permissions[1]");
        assertThat(problem(
                                send(
                                        HttpMethod.PUT,
                                        "/api/v1/roles/reviewer",
                                        OWNER_KEY,
                                        Map.of("permissions", List.of("read"))),
                                409,
                                "rule-violated")
                        .get("rule")
                        .asText())
                .isEqualTo("built-in-role");

        // An owner may define an owner-equivalent role, and only an owner may hand it to a key.
        String keeper = roleName("key-keeper");
        define(OWNER_KEY, keeper, List.of("manage-keys", "manage-owner-keys"))
                .expectStatus()
                .isAccepted();
        problem(post("/api/v1/api-keys", admin, Map.of("name", "sneaky", "roles", List.of(keeper))), 403, "forbidden");
        problem(
                post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "ghost", "roles", List.of(roleName("nobody")))),
                400,
                "invalid-input");
        // A developer may not define roles at all.
        problem(define(issueKey("developer"), roleName("any"), List.of("read")), 403, "forbidden");
    }

    @Test
    void theRoleListShowsPredefinedAndCustomRolesWithTheirPermissions() {
        String role = roleName("release-manager");
        long position = body(define(OWNER_KEY, role, List.of("operate", "read"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode list = body(send(HttpMethod.GET, "/api/v1/roles?minPosition=" + position, issueKey("admin"), null)
                .expectStatus()
                .isOk());
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        list.get("roles").forEach(r -> byName.put(r.get("name").asText(), r));
        assertThat(byName).containsKeys("owner", "admin", "developer", "reviewer", "operator", "auditor", role);
        assertThat(byName.get("owner").get("predefined").asBoolean()).isTrue();
        assertThat(texts(byName.get("owner").get("permissions"))).contains("manage-owner-keys", "manage-roles");
        assertThat(byName.get(role).get("predefined").asBoolean()).isFalse();
        assertThat(texts(byName.get(role).get("permissions"))).containsExactly("operate", "read");
        assertThat(byName.get(role).get("description").asText()).isEqualTo("made by a test");
        assertThat(texts(list.get("permissions"))).contains("review").doesNotContain("manage-tenants");
    }

    @Test
    void theKeyListShowsKeysButNeverTheirSecrets() {
        String role = roleName("lister");
        define(OWNER_KEY, role, List.of("read")).expectStatus().isAccepted();
        JsonNode issued = body(
                post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "listed key", "roles", List.of("auditor", role)))
                        .expectStatus()
                        .isAccepted());
        String key = issued.get("key").asText();
        String admin = issueKey("admin");

        String text = send(
                        HttpMethod.GET,
                        "/api/v1/api-keys?size=100&minPosition="
                                + issued.get("position").asLong(),
                        admin,
                        null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text)
                .doesNotContain(key)
                .doesNotContain(ApiKeyTable.sha256(key))
                .doesNotContain("secret");
        JsonNode page = body(send(HttpMethod.GET, "/api/v1/api-keys?size=100", admin, null)
                .expectStatus()
                .isOk());
        JsonNode listed = null;
        for (JsonNode item : page.get("items")) {
            if (item.get("id").asText().equals(issued.get("id").asText())) {
                listed = item;
            }
        }
        assertThat(listed).as("the new key is listed").isNotNull();
        assertThat(listed.get("name").asText()).isEqualTo("listed key");
        assertThat(texts(listed.get("roles"))).containsExactlyInAnyOrder("auditor", role);
        assertThat(listed.get("issuedBy").asText()).isEqualTo(keyId(OWNER_KEY));
        assertThat(listed.get("revoked").asBoolean()).isFalse();
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
        problem(send(HttpMethod.GET, "/api/v1/api-keys", issueKey("developer"), null), 403, "forbidden");
    }

    @Test
    void everyChangeToARoleIsInTheOperationLog() {
        String role = roleName("logged");
        String id = body(define(OWNER_KEY, role, List.of("read")).expectStatus().isAccepted())
                .get("id")
                .asText();
        send(HttpMethod.PUT, "/api/v1/roles/" + role, OWNER_KEY, Map.of("permissions", List.of("read", "audit")))
                .expectStatus()
                .isAccepted();
        long position = body(send(HttpMethod.DELETE, "/api/v1/roles/" + role, OWNER_KEY, null)
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode log = body(send(
                        HttpMethod.GET,
                        "/api/v1/audit/events?aggregateId=" + id + "&minPosition=" + position,
                        issueKey("auditor"),
                        null)
                .expectStatus()
                .isOk());
        List<String> types = new ArrayList<>();
        log.get("items").forEach(e -> types.add(e.get("eventType").asText()));
        assertThat(types).hasSize(3);
        assertThat(types.get(0)).endsWith("RoleDefined");
        assertThat(types.get(1)).endsWith("RoleChanged");
        assertThat(types.get(2)).endsWith("RoleDeleted");
        assertThat(log.get("items").get(1).get("actor").asText()).isEqualTo(keyId(OWNER_KEY));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
