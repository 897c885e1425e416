package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.server.security.RouteRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Walks /v3/api-docs and fails on anything an integrator would have to guess: a body without a type
 * or an example, a parameter or header without an example, a problem status an endpoint can answer
 * but does not document (401 and 403 everywhere under /api/, 404 where a path names something, the
 * command statuses on every command, 503 where a read waits for ?minPosition), an error that is not
 * application/problem+json with an Atrium problem type, a command without Idempotency-Key, a read
 * without ETag, an SDK call without its signature headers.
 */
class OpenApiCompletenessHttpTest extends HttpTestSupport {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final List<String> COMMAND_ERRORS = List.of("400", "401", "403", "409", "413", "415", "422", "503");
    private static final List<String> SIGNATURE =
            List.of("X-Atrium-App", "X-Atrium-Bundle-Id", "X-Atrium-Timestamp", "X-Atrium-Nonce", "X-Atrium-Signature");

    private JsonNode doc;
    private final List<String> gaps = new ArrayList<>();

    @Test
    void everyEndpointDescribesItsBodiesStatusesHeadersAndParametersWithExamples() {
        doc = body(
                send(HttpMethod.GET, "/v3/api-docs", null, null).expectStatus().isOk());
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations++;
                    check(path.getKey(), op.getKey(), op.getValue());
                }
            }
        }
        assertThat(operations).as("operations documented").isGreaterThan(40);
        assertThat(doc.at("/paths/~1sdk~1v1~1manifest/post").isMissingNode())
                .as("the SDK's manifest is documented")
                .isFalse();
        assertThat(gaps).isEmpty();
    }

    private void check(String path, String method, JsonNode op) {
        String where = method.toUpperCase() + " " + path;
        boolean api = path.startsWith("/api/");
        boolean read = method.equals("get");
        boolean stream = path.endsWith("/stream") || path.endsWith("/progress") || path.endsWith("/replay");
        // Logins and the like answer 200 with what they produced and are not retried by Idempotency-Key.
        boolean exchange = path.startsWith("/api/v1/auth/") && method.equals("post");
        boolean open = RouteRules.OPEN.stream().anyMatch(o -> o.pattern().equals(path));
        for (JsonNode parameter : op.path("parameters")) {
            String name = parameter.path("name").asText();
            if (parameter.path("schema").isMissingNode()) {
                gaps.add(where + ": parameter " + name + " has no type");
            }
            if (!parameter.has("example") && !parameter.has("examples")) {
                gaps.add(where + ": parameter " + name + " has no example");
            }
        }
        JsonNode body = op.path("requestBody").path("content");
        body.fields()
                .forEachRemaining(media -> typedWithExample(where + " request " + media.getKey(), media.getValue()));
        JsonNode responses = op.path("responses");
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> response = it.next();
            String status = response.getKey();
            if (status.startsWith("2")) {
                success = true;
                response.getValue()
                        .path("content")
                        .fields()
                        .forEachRemaining(media ->
                                typedWithExample(where + " " + status + " " + media.getKey(), media.getValue()));
                if (response.getValue().path("content").has("*/*")) {
                    gaps.add(where + " " + status + ": answers */* instead of its media type");
                }
            }
            if (status.startsWith("4") || status.startsWith("5")) {
                JsonNode problem = response.getValue().path("content").path("application/problem+json");
                if (problem.isMissingNode()
                        || !problem.path("schema").path("$ref").asText().endsWith("/Problem")) {
                    gaps.add(where + " " + status + ": not an application/problem+json Problem");
                } else if (!problem.path("example").path("type").asText().startsWith("https://atrium.dev/problems/")) {
                    gaps.add(where + " " + status + ": the problem's example has no Atrium type");
                }
            }
        }
        if (!success) {
            gaps.add(where + ": no success answer documented");
        }
        List<String> required = new ArrayList<>();
        if (api) {
            required.addAll(open ? List.of("400", "401", "500") : List.of("400", "401", "403", "500"));
        }
        if (path.contains("{")) {
            required.add("404");
        }
        if (api && !read) {
            required.addAll(COMMAND_ERRORS.stream()
                    .filter(s -> !(exchange && s.equals("422")) && !(open && s.equals("403")))
                    .toList());
        }
        if (api && read && hasParameter(op, "minPosition")) {
            required.add("503");
        }
        if (path.startsWith("/sdk/") && !path.endsWith("/platform-key")) {
            required.addAll(List.of("401", "403"));
        }
        for (String status : required) {
            if (!responses.has(status)) {
                gaps.add(where + ": can answer " + status + " but does not document it");
            }
        }
        if (api && !read && !stream && !exchange && !hasParameter(op, "Idempotency-Key")) {
            gaps.add(where + ": no Idempotency-Key header");
        }
        if (api && !read && !stream && !exchange && !responses.has("202")) {
            gaps.add(where + ": a command answers 202, not documented");
        }
        if (api
                && read
                && !stream
                && !path.endsWith("/export")
                && responses.path("200").path("headers").path("ETag").isMissingNode()) {
            gaps.add(where + ": no ETag header on 200");
        }
        if (path.startsWith("/sdk/") && !path.endsWith("/platform-key")) {
            for (String header : SIGNATURE) {
                if (!hasParameter(op, header)) {
                    gaps.add(where + ": no " + header + " header");
                }
            }
        }
    }

    private static boolean hasParameter(JsonNode op, String name) {
        for (JsonNode parameter : op.path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A body is typed when it names a schema or has properties; untyped is a bare object, a map or raw bytes where JSON is sent. */
    private void typedWithExample(String where, JsonNode media) {
        JsonNode schema = media.path("schema");
        JsonNode resolved = resolve(schema);
        boolean typed = schema.has("$ref")
                || resolved.has("properties")
                || resolved.path("type").asText().equals("array")
                        && (resolved.path("items").has("$ref")
                                || resolved.path("items").has("properties"))
                || resolved.path("format").asText().equals("binary") && !where.contains("json");
        if (!typed || where.contains("json") && resolved.path("format").asText().equals("byte")) {
            gaps.add(where + ": untyped body " + schema);
        }
        if (!media.has("example") && !media.has("examples") && !resolved.has("example")) {
            gaps.add(where + ": no example");
        }
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.isEmpty()) {
            return schema;
        }
        return doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
    }
}
