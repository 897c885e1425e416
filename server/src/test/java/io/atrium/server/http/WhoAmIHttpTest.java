package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/me: who the credential is, for a key and for a member, and nothing for a stranger. */
class WhoAmIHttpTest extends HttpTestSupport {

    @Test
    void aKeyLearnsItsActorTenantRolesAndPermissions() {
        String key = issueKey("developer");
        JsonNode me = body(client().get()
                .uri("/api/v1/me")
                .header("Authorization", "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk());
        assertThat(me.get("actor").asText()).startsWith("key-");
        assertThat(me.get("kind").asText()).isEqualTo("api-key");
        assertThat(me.get("tenant").asText()).isEqualTo("default");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("developer");
        assertThat(me.get("permissions")).extracting(JsonNode::asText).containsExactly("develop", "read");

        // The actor is the one the key's changes are recorded under.
        String mp = createMiniProgram(key);
        long position = body(upload(mp, key, "1.0.0", samplePackage())
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode versions = body(client().get()
                        .uri("/api/v1/mini-programs/" + mp + "/versions?minPosition=" + position)
                        .header("Authorization", "Bearer " + key)
                        .exchange()
                        .expectStatus()
                        .isOk())
                .path("items");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("uploadedBy").asText())
                .isEqualTo(me.get("actor").asText());
    }

    @Test
    void aMemberIsAMemberAndTheAnswerRevalidates() {
        String email = "me-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode invitation = body(post(
                        "/api/v1/members",
                        OWNER_KEY,
                        Map.of("email", email, "displayName", "Me", "roles", List.of("auditor")))
                .expectStatus()
                .isAccepted());
        String password = "a long and private passphrase 8";
        post(
                        "/api/v1/auth/invitations/accept",
                        null,
                        Map.of("token", invitation.get("invitationToken").asText(), "password", password))
                .expectStatus()
                .isOk();
        String token = body(post(
                        "/api/v1/auth/login", null, Map.of("tenant", "default", "email", email, "password", password)))
                .get("accessToken")
                .asText();

        var answer = client().get()
                .uri("/api/v1/me")
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
        JsonNode me = body(client().get()
                .uri("/api/v1/me")
                .header("Authorization", "Bearer " + token)
                .exchange());
        assertThat(me.get("actor").asText()).isEqualTo(invitation.get("id").asText());
        assertThat(me.get("kind").asText()).isEqualTo("member");
        assertThat(me.get("permissions")).extracting(JsonNode::asText).containsExactly("audit", "read");

        String etag = answer.getResponseHeaders().getETag();
        assertThat(etag).isNotBlank();
        client().get()
                .uri("/api/v1/me")
                .header("Authorization", "Bearer " + token)
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isNotModified();
    }

    @Test
    void withoutACredentialItIsRefused() {
        problem(client().get().uri("/api/v1/me").exchange(), 401, "unauthenticated");
    }
}
