package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import io.atrium.server.security.RouteRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Walks every route of the OpenAPI document and proves who may call it: without a key it is 401,
 * with a key of a role its rule does not grant it is 403, and the roles its rule grants get past
 * security (whatever the handler then answers). A new endpoint without a rule in {@link RouteRules}
 * is refused to every role, which this test reports, so it fails the build instead of being open.
 */
class RouteSecurityHttpTest extends HttpTestSupport {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyDocumentedRouteRefusesStrangersAndRolesItsRuleDoesNotGrant() {
        // Every role gets a key holding it alone (the bootstrap key is owner and platform-operator).
        Map<Role, String> keys = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            keys.put(role, issueKey(role.wireName()));
        }
        JsonNode paths = body(send(HttpMethod.GET, "/v3/api-docs", null, null)
                        .expectStatus()
                        .isOk())
                .get("paths");
        List<String> failures = new ArrayList<>();
        int routes = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if (!path.startsWith("/api/")) {
                continue;
            }
            for (Iterator<String> ms = paths.get(path).fieldNames(); ms.hasNext(); ) {
                String method = ms.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                routes++;
                String route = method.toUpperCase() + " " + path;
                String concrete = path.replaceAll("\\{[^}]+}", "route-test-unknown");
                if (open(method, path)) {
                    // Open to everyone (the body carries the credential): a stranger reaches the handler.
                    Answer stranger = call(method, concrete, null);
                    if (stranger.status == 403 || stranger.body.contains("/problems/unauthenticated")) {
                        failures.add(route + " is open but refused a stranger: " + stranger.status);
                    }
                    continue;
                }
                Answer stranger = call(method, concrete, null);
                if (stranger.status != 401 || !stranger.body.contains("/problems/unauthenticated")) {
                    failures.add(route + " without a key answered " + stranger.status);
                }
                if (anyCaller(method, path)) {
                    // Every authenticated caller gets past security, whatever its roles.
                    for (Role role : Role.values()) {
                        Answer answer = call(method, concrete, keys.get(role));
                        if (answer.status == 401 || answer.status == 403) {
                            failures.add(
                                    route + " is for any caller but refused " + role.wireName() + ": " + answer.status);
                        }
                    }
                    continue;
                }
                Permission permission = permission(method, path);
                if (permission == null) {
                    failures.add(route + " has no rule in RouteRules");
                    continue;
                }
                for (Role role : Role.values()) {
                    if (!keys.containsKey(role)) {
                        continue;
                    }
                    Answer answer = call(method, concrete, keys.get(role));
                    boolean granted = permission.grantedTo(Set.of(role));
                    if (granted && (answer.status == 401 || answer.status == 403)) {
                        failures.add(route + " refused " + role.wireName() + ", whom " + permission + " grants: "
                                + answer.status);
                    } else if (!granted && (answer.status != 403 || !answer.body.contains("/problems/forbidden"))) {
                        failures.add(route + " let " + role.wireName() + " through (" + answer.status + ") though "
                                + permission + " does not grant it");
                    }
                }
            }
        }
        assertThat(routes).as("routes in the OpenAPI document").isGreaterThan(30);
        assertThat(failures).isEmpty();
    }

    @Test
    void anEndpointWithoutARuleIsRefusedToEveryRole() {
        // The rule table is what the chain enforces: a path shaped like a route but not in the table is
        // not matched by any rule; an owner reaching it gets the dispatcher's 404, not the handler.
        assertThat(permission("get", "/api/v1/not-a-route")).isNull();
        assertThat(call("get", "/api/v1/not-a-route", OWNER_KEY).status).isEqualTo(404);
        assertThat(call("get", "/api/v1/not-a-route", null).status).isEqualTo(401);
    }

    private static boolean open(String method, String documentedPath) {
        return RouteRules.OPEN.stream()
                .anyMatch(o -> o.method().name().equalsIgnoreCase(method)
                        && o.pattern().equals(documentedPath));
    }

    private static boolean anyCaller(String method, String documentedPath) {
        return RouteRules.ANY_CALLER.stream()
                .anyMatch(r -> r.method() != null
                        && r.method().name().equalsIgnoreCase(method)
                        && r.pattern().equals(documentedPath));
    }

    /** The permission the first matching rule names, as the security chain picks it. */
    private static Permission permission(String method, String documentedPath) {
        PathContainer path = PathContainer.parsePath(documentedPath.replaceAll("\\{[^}]+}", "x"));
        for (RouteRules.Rule rule : RouteRules.RULES) {
            boolean methodMatches =
                    rule.method() == null || rule.method().name().equalsIgnoreCase(method);
            if (methodMatches
                    && PathPatternParser.defaultInstance.parse(rule.pattern()).matches(path)) {
                return rule.permission();
            }
        }
        return null;
    }

    private record Answer(int status, String body) {}

    /**
     * One request; the body is read only when it is a refusal (a granted call may open an endless
     * event stream, and only its status matters here).
     */
    private Answer call(String method, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        boolean hasBody = method.equals("post") || method.equals("put") || method.equals("patch");
        request.header("Content-Type", "application/json")
                .method(
                        method.toUpperCase(),
                        hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                String text = response.statusCode() == 401 || response.statusCode() == 403
                        ? new String(body.readAllBytes())
                        : "";
                return new Answer(response.statusCode(), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
