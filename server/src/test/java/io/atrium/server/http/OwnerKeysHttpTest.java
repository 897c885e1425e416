package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.server.support.Race;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Nobody can lock the platform out by revoking its owner keys: an admin may not revoke an owner
 * key, and the tenant's last owner key cannot be revoked, not even by two revocations at once. A
 * server of its own, since these tests revoke owner keys (the last one may be the bootstrap key).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnerKeysHttpTest extends HttpTestSupport {

    @DynamicPropertySource
    static void ownServer(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-owner-keys");
    }

    private JsonNode issueOwnerKey(String issuer) {
        return body(post("/api/v1/api-keys", issuer, Map.of("name", "another owner", "roles", List.of("owner")))
                .expectStatus()
                .isAccepted());
    }

    private String idOf(String key) {
        return jdbc.queryForObject(
                "SELECT id FROM api_key WHERE secret_sha256 = ?", String.class, ApiKeyTable.sha256(key));
    }

    private List<String> activeOwnerKeys() {
        return jdbc.queryForList("SELECT id FROM api_key WHERE roles LIKE '%owner%' AND revoked = FALSE", String.class);
    }

    private WebTestClient.ResponseSpec revoke(String id, String key) {
        return send(HttpMethod.DELETE, "/api/v1/api-keys/" + id, key, null);
    }

    @Test
    @Order(1)
    void anAdminMayNotRevokeAnOwnerKey() {
        String admin = issueKey("admin");
        String owner = issueOwnerKey(OWNER_KEY).get("id").asText();
        JsonNode problem = problem(revoke(owner, admin), 403, "forbidden");
        assertThat(problem.get("permission").asText()).isEqualTo("manage_owner_keys");
        assertThat(eventTypes(owner)).containsExactly("ApiKeyIssued");
        // An admin still revokes other keys, an owner revokes owner keys.
        revoke(idOf(issueKey("developer")), admin).expectStatus().isAccepted();
        revoke(owner, OWNER_KEY).expectStatus().isAccepted();
    }

    @Test
    @Order(2)
    void theLastOwnerKeyCannotBeRevoked() {
        String bootstrap = idOf(OWNER_KEY);
        for (String other : activeOwnerKeys()) {
            if (!other.equals(bootstrap)) {
                revoke(other, OWNER_KEY).expectStatus().isAccepted();
            }
        }
        JsonNode problem = problem(revoke(bootstrap, OWNER_KEY), 409, "rule-violated");
        assertThat(problem.get("rule").asText()).isEqualTo("last-owner-key");
        assertThat(activeOwnerKeys()).containsExactly(bootstrap);
        // The platform is still run by its owner.
        issueKey("auditor");
    }

    /** Last: one of the two owner keys is revoked, and which one is left is up to the race. */
    @Test
    @Order(3)
    void twoRevocationsAtOnceOfTheLastTwoOwnerKeysLeaveOne() throws Exception {
        JsonNode second = issueOwnerKey(OWNER_KEY);
        String secondKey = second.get("key").asText();
        String secondId = second.get("id").asText();
        String bootstrap = idOf(OWNER_KEY);
        assertThat(activeOwnerKeys()).containsExactlyInAnyOrder(bootstrap, secondId);
        // Each owner revokes the other's key.
        List<Integer> statuses = Race.of(
                2,
                i -> (i == 0 ? revoke(bootstrap, secondKey) : revoke(secondId, OWNER_KEY))
                        .returnResult(Void.class)
                        .getStatus()
                        .value());
        // The loser is refused by the rule (409), or, when it arrives after the winner has committed,
        // its own key is already revoked (401).
        assertThat(statuses)
                .containsOnlyOnce(202)
                .hasSize(2)
                .allMatch(status -> status == 202 || status == 409 || status == 401);
        assertThat(activeOwnerKeys()).hasSize(1);
    }
}
