package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The OpenAPI document is served without a key and lists every write endpoint. */
class OpenApiHttpTest extends HttpTestSupport {

    @Test
    void servesTheOpenApiDocumentWithEveryWriteEndpoint() {
        JsonNode doc = body(
                send(HttpMethod.GET, "/v3/api-docs", null, null).expectStatus().isOk());
        JsonNode paths = doc.get("paths");
        Map<String, String> expected = Map.ofEntries(
                Map.entry("/api/v1/mini-programs", "post"),
                Map.entry("/api/v1/mini-programs/{id}", "patch"),
                Map.entry("/api/v1/mini-programs/{id}/versions", "post"),
                Map.entry("/api/v1/mini-programs/{id}/versions/{version}/submit", "post"),
                Map.entry("/api/v1/mini-programs/{id}/versions/{version}/approve", "post"),
                Map.entry("/api/v1/mini-programs/{id}/versions/{version}/reject", "post"),
                Map.entry("/api/v1/mini-programs/{id}/release", "post"),
                Map.entry("/api/v1/mini-programs/{id}/gray-release/promote", "post"),
                Map.entry("/api/v1/mini-programs/{id}/rollback", "post"),
                Map.entry("/api/v1/mini-programs/{id}/delist", "post"),
                Map.entry("/api/v1/mini-programs/{id}/relist", "post"),
                Map.entry("/api/v1/api-keys/{id}", "delete"),
                Map.entry("/api/v1/host-apps/{id}/secret", "post"),
                Map.entry("/api/v1/host-apps/{id}/bundle-ids", "put"),
                Map.entry("/api/v1/host-apps/{id}/domains", "put"),
                Map.entry("/api/v1/host-apps/{id}/custom-apis", "post"),
                Map.entry("/api/v1/host-apps/{id}/menus", "post"),
                Map.entry("/api/v1/host-apps/{id}/grants/{mpId}", "put"));
        expected.forEach(
                (path, method) -> assertThat(paths.has(path) && paths.get(path).has(method))
                        .as(method + " " + path)
                        .isTrue());
        for (String method : new String[] {"post", "put", "delete"}) {
            assertThat(paths.get("/api/v1/mini-programs/{id}/gray-release").has(method))
                    .as(method + " gray-release")
                    .isTrue();
        }
        assertThat(paths.get("/api/v1/host-apps/{id}/mini-programs/{mpId}").has("put"))
                .isTrue();
        assertThat(paths.get("/api/v1/host-apps/{id}/mini-programs/{mpId}").has("delete"))
                .isTrue();
        assertThat(paths.get("/api/v1/api-keys").has("post")).isTrue();
        assertThat(paths.get("/api/v1/host-apps").has("post")).isTrue();
        assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
    }
}
