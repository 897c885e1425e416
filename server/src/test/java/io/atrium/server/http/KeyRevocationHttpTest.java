package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * A revoked key is refused on the very next request on the node that revoked it, for reads and
 * writes alike, even when it had just been used (and so was cached by the authentication).
 */
class KeyRevocationHttpTest extends HttpTestSupport {

    @Test
    void theNextReadAndTheNextWriteWithARevokedKeyAre401() {
        JsonNode issued =
                body(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "soon revoked", "roles", List.of("developer")))
                        .expectStatus()
                        .isAccepted());
        String key = issued.get("key").asText();
        // Used for a write and a read first, so any cache along the way holds it as valid.
        createMiniProgram(key);
        send(HttpMethod.GET, "/api/v1/mini-programs", key, null).expectStatus().isOk();

        send(HttpMethod.DELETE, "/api/v1/api-keys/" + issued.get("id").asText(), OWNER_KEY, null)
                .expectStatus()
                .isAccepted();

        JsonNode read = problem(send(HttpMethod.GET, "/api/v1/mini-programs", key, null), 401, "unauthenticated");
        JsonNode write =
                problem(post("/api/v1/mini-programs", key, Map.of("name", "After revocation")), 401, "unauthenticated");
        assertThat(read.get("detail").asText()).contains("revoked");
        assertThat(write.get("detail").asText()).contains("revoked");
    }

    @Test
    void aRefusedKeyIsChallengedWithTheBearerScheme() {
        send(HttpMethod.GET, "/api/v1/mini-programs", "atr_not-a-key", null)
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer realm=\"atrium\"");
        problem(
                client().get()
                        .uri("/api/v1/mini-programs")
                        .header("Authorization", "Basic b3duZXI6cHc=")
                        .exchange(),
                401,
                "unauthenticated");
    }
}
