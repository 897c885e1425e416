package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.Ulid;
import io.atrium.events.apikey.Role;
import io.atrium.query.sdk.HostAuthenticator;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.sdk.packaging.Zips;
import io.atrium.server.security.RouteRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Two tenants with the same shapes of data (a released, crawled mini-program, a host app running it,
 * keys of every role), made through the API. For every route of the OpenAPI document, read at test
 * time so routes added later are walked too, tenant A's owner calls it with tenant B's ids and again
 * with well-formed ids that name nothing: the two answers must be the same status (B's ids are as
 * unknown to A as ids that do not exist), never a 2xx carrying anything of B's, a route that takes an
 * id in its path answers 404 (403 where A's owner may not call it at all), lists and counts hold A's
 * only, and B's streams gain no event. A route whose ids or body the suite cannot fill fails it.
 */
class TenantIsolationHttpTest extends HttpTestSupport {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** A word only the two tenants' packages show, so search answers are about them alone. */
    private static final String MARKER = "quokkalantern";
    /** The bundle id both tenants' host apps register: each must still see only its own tenant's data. */
    private static final String BUNDLE_ID = "com.example.isolation";

    /** What a tenant has, all made through the API. */
    record Tenant(
            String id,
            String owner,
            Map<String, String> keys,
            Map<String, String> keyIds,
            String mp,
            String host,
            String secret,
            String crawlId,
            String role,
            String member) {

        /** Every id of the tenant's that must never show in another tenant's answers. */
        List<String> ids() {
            List<String> ids = new ArrayList<>(List.of(mp, host, crawlId, role, member));
            ids.addAll(keyIds.values());
            return ids;
        }

        /** The aggregates whose event streams belong to it. */
        List<String> streams() {
            List<String> streams = new ArrayList<>(List.of(mp, host, member, "tenant-" + id));
            streams.addAll(keyIds.values());
            return streams;
        }
    }

    private static Tenant a;
    private static Tenant b;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void twoTenantsWithTheSameShapes() {
        if (a == null) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            a = tenant("iso-a-" + suffix);
            b = tenant("iso-b-" + suffix);
        }
    }

    private Tenant tenant(String id) {
        String owner = body(post("/api/v1/tenants", OWNER_KEY, Map.of("id", id, "name", "Isolation " + id))
                        .expectStatus()
                        .isAccepted())
                .get("ownerKey")
                .asText();
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> keyIds = new LinkedHashMap<>();
        for (String role : List.of("developer", "reviewer", "operator", "auditor")) {
            JsonNode issued = body(post("/api/v1/api-keys", owner, Map.of("name", role, "roles", List.of(role)))
                    .expectStatus()
                    .isAccepted());
            keys.put(role, issued.get("key").asText());
            keyIds.put(role, issued.get("id").asText());
        }
        // A custom role and a member, named after the tenant so the other tenant has neither.
        String role = "keeper-" + id;
        post(
                        "/api/v1/roles",
                        owner,
                        Map.of("name", role, "description", "Keeps the lantern", "permissions", List.of("read")))
                .expectStatus()
                .isAccepted();
        String member = body(post(
                                "/api/v1/members",
                                owner,
                                Map.of(
                                        "email",
                                        "keeper@" + id + ".example.com",
                                        "displayName",
                                        "Keeper of " + id,
                                        "roles",
                                        List.of(role)))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        String dev = keys.get("developer");
        String ops = keys.get("operator");
        String mp = body(post(
                                "/api/v1/mini-programs",
                                dev,
                                Map.of(
                                        "name",
                                        "Lantern " + MARKER,
                                        "description",
                                        "Same shape in every tenant",
                                        "category",
                                        "tools",
                                        "tags",
                                        List.of("lantern")))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        putIcon(mp, dev, org.springframework.http.MediaType.IMAGE_PNG, iconImage("png", 144, 0x2f6fdf))
                .expectStatus()
                .isAccepted();
        upload(mp, dev, "1.0.0", lanternPackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit", dev, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", keys.get("reviewer"), null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        // A version waiting for review, so the review queue has something of each tenant's to keep apart.
        upload(mp, dev, "1.1.0", lanternPackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.1.0/submit", dev, null)
                .expectStatus()
                .isAccepted();
        JsonNode registered =
                body(post("/api/v1/host-apps", ops, Map.of("name", "Host of " + id, "bundleIds", List.of(BUNDLE_ID)))
                        .expectStatus()
                        .isAccepted());
        String host = registered.get("id").asText();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + host + "/grants/" + mp, ops, Map.of("apiGroups", List.of("ui")))
                .expectStatus()
                .isAccepted();
        // The crawl is done and searchable, and the host app gets its manifest.
        String[] crawl = {null};
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode crawls =
                            body(send(HttpMethod.GET, "/api/v1/search/crawls?miniProgramId=" + mp, dev, null));
                    if (!"done".equals(crawls.at("/crawls/0/state").asText())) {
                        return false;
                    }
                    crawl[0] = crawls.at("/crawls/0/id").asText();
                    JsonNode found =
                            body(send(HttpMethod.GET, "/api/v1/search?q=" + MARKER + "&hostApp=" + host, dev, null));
                    return found.path("total").asInt() > 0;
                });
        Tenant made = new Tenant(
                id, owner, keys, keyIds, mp, host, registered.get("secret").asText(), crawl[0], role, member);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sdk(made, "POST", "/sdk/v1/manifest", manifestBody(made.host, mp)).status == 200);
        return made;
    }

    static byte[] lanternPackage() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                "{\"pages\": [\"pages/index/index\"], \"window\": {\"navigationBarTitleText\": \"Lantern\"}}");
        files.put("app.js", "App({});");
        files.put("pages/index/index.js", "Page({ data: { word: '" + MARKER + "' } });");
        files.put("pages/index/index.fxml", "<view><text class=\"title\">{{word}} lights the way</text></view>");
        return Zips.zipText(files);
    }

    // ---- the walk ----

    @Test
    void everyDocumentedRouteKeepsTenantBOutOfTenantAsAnswers() {
        Map<String, Long> before = streamsOf(b);
        JsonNode paths = body(send(HttpMethod.GET, "/v3/api-docs", null, null)
                        .expectStatus()
                        .isOk())
                .get("paths");
        List<String> failures = new ArrayList<>();
        int routes = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            for (Iterator<String> ms = paths.get(path).fieldNames(); ms.hasNext(); ) {
                String method = ms.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                routes++;
                JsonNode operation = paths.get(path).get(method);
                try {
                    if (path.startsWith("/sdk/")) {
                        sdkRoute(method, path, failures);
                    } else if (path.startsWith("/api/")) {
                        apiRoute(method, path, operation, failures);
                    } else {
                        failures.add(
                                method.toUpperCase() + " " + path + ": the suite does not know this kind of route");
                    }
                } catch (Unfillable e) {
                    failures.add(method.toUpperCase() + " " + path + ": " + e.getMessage());
                } catch (UncheckedIOException e) {
                    // Named and counted, and the walk goes on: a bare timeout once failed CI without saying
                    // which of the routes had not answered.
                    failures.add(method.toUpperCase() + " " + path + ": " + e.getCause());
                }
            }
        }
        assertThat(routes).as("routes in the OpenAPI document").isGreaterThan(40);
        assertThat(failures).isEmpty();
        assertThat(streamsOf(b)).as("tenant B's event streams").isEqualTo(before);
    }

    private void apiRoute(String method, String path, JsonNode operation, List<String> failures) {
        String route = method.toUpperCase() + " " + path;
        unknownMp = "mp-" + Ulid.next();
        unknownHost = "ha-" + Ulid.next();
        unknownKey = "key-" + Ulid.next();
        boolean hasIds = path.contains("{");
        String ofB = fill(path, this::idOfB);
        String unknown = fill(path, this::unknownId);
        Body body = body(method, path, operation);
        Answer answerB = call(method, ofB, a.owner, body);
        Answer answerUnknown = call(method, unknown, a.owner, body);
        check(route, ofB, answerB, failures);
        // Only a route with ids sends B's ids and unknown ones differently; without, the two calls are the
        // same request twice (a second POST of one example body may well conflict with the first).
        if (hasIds && answerB.status != answerUnknown.status) {
            failures.add(route + " answers B's ids " + answerB.status + " but ids that do not exist "
                    + answerUnknown.status + ": B's ids are told apart");
        }
        if (hasIds) {
            int expected = ownerMay(method, path) ? 404 : 403;
            if (answerB.status != expected) {
                failures.add(route + " with B's ids answered " + answerB.status + ", not " + expected);
            }
        }
        // The same with the route's documented query parameters filled with B's ids.
        String query = query(operation, this::idOfB);
        if (!query.isEmpty()) {
            Answer filtered = call(method, ofB + query, a.owner, body);
            Answer filteredUnknown = call(method, unknown + query(operation, this::unknownId), a.owner, body);
            check(route + query, ofB + query, filtered, failures);
            if (filtered.status != filteredUnknown.status) {
                failures.add(route + query + " answers B's ids " + filtered.status + " but unknown ids "
                        + filteredUnknown.status);
            }
        }
        // A route of two ids: A's own first id with B's second (associating B's mini-program to A's host app).
        if (path.contains("{id}") && path.contains("{mpId}")) {
            String mixed = path.replace("{id}", a.host).replace("{mpId}", b.mp);
            Answer answer = call(method, mixed, a.owner, body);
            Answer unknownMpAnswer =
                    call(method, path.replace("{id}", a.host).replace("{mpId}", unknownMp), a.owner, body);
            check(route + " (A's host app, B's mini-program)", mixed, answer, failures);
            if (answer.status != unknownMpAnswer.status || answer.status < 400) {
                failures.add(route + " with A's host app and B's mini-program answered " + answer.status
                        + ", with a mini-program that does not exist " + unknownMpAnswer.status);
            }
        }
    }

    /**
     * No answer shows an id of B's or B's tenant that the request did not name itself (a 404 may echo the
     * id it was asked about); a list's total counts only what it lists, and its entries are A's.
     */
    private void check(String route, String request, Answer answer, List<String> failures) {
        String shown = withoutCallersOwnWords(answer.body);
        for (String id : b.ids()) {
            if (shown.contains(id) && !request.contains(id)) {
                failures.add(route + " answered " + answer.status + " showing B's " + id);
            }
        }
        if (shown.contains(b.id) && !request.contains(b.id)) {
            failures.add(route + " answered " + answer.status + " naming tenant " + b.id);
        }
        if (answer.status >= 200 && answer.status < 300 && answer.body.startsWith("{")) {
            JsonNode json = parse(answer.body);
            if (json != null
                    && json.has("total")
                    && json.has("items")
                    && json.get("items").size() < 20) {
                if (json.get("total").asLong() != json.get("items").size()) {
                    failures.add(route + " counts " + json.get("total") + " but lists "
                            + json.get("items").size());
                }
            }
            if (json != null && json.has("items")) {
                for (JsonNode item : json.get("items")) {
                    if (item.has("tenant") && !item.get("tenant").asText().equals(a.id)) {
                        failures.add(route + " lists an entry of tenant "
                                + item.get("tenant").asText());
                    }
                }
            }
        }
    }

    /**
     * The answer without what A's own security records quote of A's own requests. The walk sends B's ids,
     * and the security log records each refused request's route and each sensitive read's query string,
     * in A's operation log, as A sent them: that is A's own words, not B's data. Everything else in such
     * a record (and every other entry) is still scanned. Works on JSON, NDJSON and SSE answers.
     */
    private static String withoutCallersOwnWords(String body) {
        JsonNode whole = parse(body);
        if (whole != null && (whole.isObject() || whole.isArray())) {
            stripSecurityQuotes(whole);
            return whole.toString();
        }
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            String prefix = line.startsWith("data:") ? "data:" : "";
            JsonNode json = line.isBlank() ? null : parse(line.substring(prefix.length()));
            if (json != null && json.isObject()) {
                stripSecurityQuotes(json);
                out.append(prefix).append(json).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static void stripSecurityQuotes(JsonNode node) {
        if (node.isObject()) {
            if (node.path("eventType").asText().startsWith("atrium.security.")
                    && node.path("payload").isObject()
                    && a != null
                    && node.path("tenant").asText().equals(a.id)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("payload"))
                        .remove(List.of("route", "query"));
            }
            node.forEach(TenantIsolationHttpTest::stripSecurityQuotes);
        } else if (node.isArray()) {
            node.forEach(TenantIsolationHttpTest::stripSecurityQuotes);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- filling routes ----

    /** A route the suite cannot fill fails the walk rather than being skipped. */
    static final class Unfillable extends RuntimeException {
        Unfillable(String message) {
            super(message);
        }
    }

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private String fill(String path, java.util.function.BiFunction<String, String, String> ids) {
        Matcher m = PARAM.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(ids.apply(path, m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String idOfB(String path, String name) {
        return id(path, name, b.mp, b.host, b.keyIds.get("developer"), b.crawlId, b.id, b.role, b.member);
    }

    /** Well-formed ids that name nothing, the same for every parameter of one route. */
    private String unknownMp = "mp-" + Ulid.next();

    private String unknownHost = "ha-" + Ulid.next();

    private String unknownKey = "key-" + Ulid.next();

    private String unknownId(String path, String name) {
        return id(
                path,
                name,
                unknownMp,
                unknownHost,
                unknownKey,
                unknownMp + "@1.0.0@1",
                "no-such-tenant",
                "no-such-role",
                "mem-" + Ulid.next());
    }

    private static String id(
            String path,
            String name,
            String mp,
            String host,
            String key,
            String crawl,
            String tenant,
            String role,
            String member) {
        switch (name) {
            case "mpId":
                return mp;
            case "version":
                return "1.0.0";
            case "name":
                if (path.startsWith("/api/v1/admin/projections/")) {
                    return "catalogue";
                }
                if (path.startsWith("/api/v1/roles/")) {
                    return role;
                }
                break;
            case "id":
                if (path.startsWith("/api/v1/mini-programs/")) {
                    return mp;
                }
                if (path.startsWith("/api/v1/host-apps/")) {
                    return host;
                }
                if (path.startsWith("/api/v1/api-keys/")) {
                    return key;
                }
                if (path.startsWith("/api/v1/search/crawls/")) {
                    return crawl;
                }
                if (path.startsWith("/api/v1/tenants/")) {
                    return tenant;
                }
                if (path.startsWith("/api/v1/members/")) {
                    return member;
                }
                break;
            default:
                break;
        }
        throw new Unfillable("the suite does not know what id {" + name + "} is");
    }

    private String query(JsonNode operation, java.util.function.BiFunction<String, String, String> ids) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("query")) {
                continue;
            }
            String name = parameter.get("name").asText();
            String value = switch (name) {
                case "hostApp", "hostAppId" -> ids.apply("/api/v1/host-apps/", "id");
                case "miniProgramId", "aggregateId" -> ids.apply("/api/v1/mini-programs/", "id");
                case "actor" -> ids.apply("/api/v1/api-keys/", "id");
                case "q", "prefix" -> MARKER;
                case "asOf" -> Instant.now().toString();
                case "format" -> "ndjson";
                case "reason" -> "isolation";
                case "path" -> "app.json";
                default -> null;
            };
            if (value == null) {
                if (parameter.path("required").asBoolean()) {
                    throw new Unfillable("the suite does not know the required query parameter " + name);
                }
                continue;
            }
            query.append(query.length() == 0 ? '?' : '&')
                    .append(name)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** What a route is sent: its documented example, an upload, or nothing. */
    private record Body(String contentType, byte[] bytes) {}

    private Body body(String method, String path, JsonNode operation) {
        JsonNode content = operation.path("requestBody").path("content");
        if (content.has("multipart/form-data") || (method.equals("post") && path.endsWith("/{id}/versions"))) {
            if (!path.equals("/api/v1/mini-programs/{id}/versions")) {
                throw new Unfillable("the suite knows only the version upload as a multipart route");
            }
            return new Body("multipart", lanternPackage());
        }
        if (content.isMissingNode() || content.isEmpty()) {
            return null;
        }
        if (content.has("image/png")) {
            // A well-formed icon of A's own: the route must refuse it for B's mini-program as for none.
            return new Body("image/png", iconImage("png", 144, 0xdf6f2f));
        }
        JsonNode json = content.path("application/json");
        if (json.has("example")) {
            return new Body("application/json", json.get("example").toString().getBytes(StandardCharsets.UTF_8));
        }
        throw new Unfillable("its request body has no documented example to send");
    }

    private static boolean ownerMay(String method, String documentedPath) {
        PathContainer path = PathContainer.parsePath(documentedPath.replaceAll("\\{[^}]+}", "x"));
        for (RouteRules.Rule rule : RouteRules.RULES) {
            boolean methodMatches =
                    rule.method() == null || rule.method().name().equalsIgnoreCase(method);
            if (methodMatches
                    && PathPatternParser.defaultInstance.parse(rule.pattern()).matches(path)) {
                return rule.permission().grantedTo(Set.of(Role.OWNER));
            }
        }
        return false;
    }

    // ---- the SDK ----

    private void sdkRoute(String method, String path, List<String> failures) {
        String route = method.toUpperCase() + " " + path;
        switch (path) {
            case "/sdk/v1/platform-key" -> check(route, path, sdk(a, "GET", path, new byte[0]), failures);
            case "/sdk/v1/manifest" -> {
                Answer ofB = sdk(a, "POST", path, manifestBody(a.host, b.mp));
                Answer unknown = sdk(a, "POST", path, manifestBody(a.host, "mp-" + Ulid.next()));
                Answer naming = sdk(a, "POST", path, manifestBody(b.host, b.mp));
                sameRefusal(route + " (A's host app, B's mini-program)", b.mp, ofB, unknown, failures);
                check(route + " (A's host app naming B's)", b.host + b.mp, naming, failures);
                if (naming.status < 400) {
                    failures.add(route + " let A's host app speak for B's: " + naming.status);
                }
            }
            case "/sdk/v1/packages/{mpId}/{version}" -> {
                Answer ofB = sdk(a, "GET", "/sdk/v1/packages/" + b.mp + "/1.0.0", new byte[0]);
                Answer unknown = sdk(a, "GET", "/sdk/v1/packages/mp-" + Ulid.next() + "/1.0.0", new byte[0]);
                sameRefusal(route + " (A's host app, B's package)", b.mp, ofB, unknown, failures);
            }
            default -> throw new Unfillable("the suite does not know this SDK route");
        }
    }

    private void sameRefusal(String route, String request, Answer ofB, Answer unknown, List<String> failures) {
        check(route, request, ofB, failures);
        if (ofB.status < 400) {
            failures.add(route + " answered " + ofB.status);
        }
        if (ofB.status != unknown.status || !problemType(ofB).equals(problemType(unknown))) {
            failures.add(route + " answers B's " + ofB.status + " " + problemType(ofB) + " but an unknown one "
                    + unknown.status + " " + problemType(unknown));
        }
    }

    private static String problemType(Answer answer) {
        JsonNode json = parse(answer.body);
        return json == null ? "" : json.path("type").asText();
    }

    private static byte[] manifestBody(String host, String mp) {
        try {
            return JSON.writeValueAsBytes(
                    Map.of("hostAppId", host, "miniProgramId", mp, "user", Map.of("userId", "u")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request signed by {@code signer}'s host app. */
    private Answer sdk(Tenant signer, String method, String path, byte[] body) {
        long now = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String signature = HexFormat.of()
                .formatHex(
                        HostSignatures.sign(signer.secret, Long.toString(now), nonce, method, path, BUNDLE_ID, body));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Atrium-App", signer.host)
                .header("X-Atrium-Timestamp", Long.toString(now))
                .header("X-Atrium-Nonce", nonce)
                .header("X-Atrium-Signature", signature)
                .header(HostAuthenticator.BUNDLE_HEADER, BUNDLE_ID);
        if (body.length > 0) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return exchange(request.build());
    }

    // ---- the other tests ----

    @Test
    void aHostAppOfOneTenantGetsOnlyItsOwnTenantsManifestAndPackage() {
        assertThat(sdk(a, "POST", "/sdk/v1/manifest", manifestBody(a.host, a.mp)).status)
                .isEqualTo(200);
        assertThat(sdk(a, "GET", "/sdk/v1/packages/" + a.mp + "/1.0.0", new byte[0]).status)
                .isEqualTo(200);
        Answer manifest = sdk(a, "POST", "/sdk/v1/manifest", manifestBody(a.host, b.mp));
        assertThat(manifest.status).isEqualTo(403);
        assertThat(manifest.body).doesNotContain(b.host).doesNotContain("\"version\"");
        assertThat(sdk(a, "GET", "/sdk/v1/packages/" + b.mp + "/1.0.0", new byte[0]).status)
                .isEqualTo(403);
    }

    @Test
    void searchFindsOnlyTheCallersTenant() {
        JsonNode own = body(send(HttpMethod.GET, "/api/v1/search?q=" + MARKER + "&hostApp=" + a.host, a.owner, null)
                .expectStatus()
                .isOk());
        assertThat(own.get("total").asInt()).isPositive();
        own.get("hits")
                .forEach(hit -> assertThat(hit.get("miniProgramId").asText()).isEqualTo(a.mp));
        JsonNode other = body(send(HttpMethod.GET, "/api/v1/search?q=" + MARKER + "&hostApp=" + b.host, a.owner, null));
        assertThat(other.toString()).doesNotContain(b.mp);
        assertThat(other.path("total").asInt()).isZero();
        JsonNode suggest =
                body(send(HttpMethod.GET, "/api/v1/search/suggest?q=Lantern&hostApp=" + a.host, a.owner, null));
        assertThat(suggest.toString()).doesNotContain(b.mp).doesNotContain(b.id);
    }

    @Test
    void theOperationLogItsExportsAndItsVerdictHoldOnlyTheCallersTenant() {
        String auditor = a.keys.get("auditor");
        List<JsonNode> entries = auditEntries(auditor);
        assertThat(entries).isNotEmpty();
        entries.forEach(e -> assertThat(e.get("tenant").asText()).isEqualTo(a.id));
        assertThat(entries.toString()).contains(a.mp).doesNotContain(b.mp).doesNotContain(b.host);

        for (String format : List.of("ndjson", "csv")) {
            Answer export = call("get", "/api/v1/audit/export?format=" + format, auditor, null);
            assertThat(export.status).isEqualTo(200);
            assertThat(export.body)
                    .contains(a.mp)
                    .doesNotContain(b.mp)
                    .doesNotContain(b.host)
                    .doesNotContain(b.id);
        }

        // The verdict walks the whole chain but counts A's entries only: between what A listed before and after.
        JsonNode verdict = body(send(HttpMethod.GET, "/api/v1/audit/verify", auditor, null)
                .expectStatus()
                .isOk());
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(verdict.get("entries").asLong())
                .isBetween((long) entries.size(), (long) auditEntries(auditor).size());
        assertThat(verdict.toString()).doesNotContain(b.id);

        // Time travel to B's mini-program is as unknown as an id that never existed.
        problem(
                send(HttpMethod.GET, "/api/v1/mini-programs/" + b.mp + "?asOf=" + Instant.now(), a.owner, null),
                404,
                "not-found");
    }

    @Test
    void theLiveFeedCarriesOnlyTheCallersTenant() {
        Answer feed = call("get", "/api/v1/events/stream?after=0", a.keys.get("auditor"), null);
        assertThat(feed.status).isEqualTo(200);
        assertThat(withoutCallersOwnWords(feed.body))
                .contains(a.mp)
                .doesNotContain(b.mp)
                .doesNotContain(b.host)
                .doesNotContain(b.id);
    }

    @Test
    void aSuspendedTenantsHostAppGetsNoManifest() {
        String id = "iso-s-" + UUID.randomUUID().toString().substring(0, 8);
        Tenant suspended = tenant(id);
        post("/api/v1/tenants/" + id + "/suspend", OWNER_KEY, Map.of("reason", "isolation test"))
                .expectStatus()
                .isAccepted();
        Answer manifest = sdk(suspended, "POST", "/sdk/v1/manifest", manifestBody(suspended.host, suspended.mp));
        assertThat(manifest.status).isEqualTo(401);
        assertThat(manifest.body).contains("suspended");
        assertThat(sdk(suspended, "GET", "/sdk/v1/packages/" + suspended.mp + "/1.0.0", new byte[0]).status)
                .isEqualTo(401);
        post("/api/v1/tenants/" + id + "/resume", OWNER_KEY, null)
                .expectStatus()
                .isAccepted();
        assertThat(sdk(suspended, "POST", "/sdk/v1/manifest", manifestBody(suspended.host, suspended.mp)).status)
                .isEqualTo(200);
    }

    // ---- plumbing ----

    private List<JsonNode> auditEntries(String key) {
        List<JsonNode> entries = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = body(send(HttpMethod.GET, "/api/v1/audit/events?limit=1000&after=" + after, key, null)
                    .expectStatus()
                    .isOk());
            page.get("items").forEach(entries::add);
            if (page.path("next").isMissingNode() || page.path("next").isNull()) {
                return entries;
            }
            after = page.get("next").asLong();
        }
    }

    private Map<String, Long> streamsOf(Tenant tenant) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String stream : tenant.streams()) {
            counts.put(stream, eventCount(stream));
        }
        return counts;
    }

    private record Answer(int status, String body) {}

    /** One request; an endless answer (an event stream) is read for a few seconds. */
    private Answer call(String method, String path, String key, Body body) {
        if (body != null && body.contentType.equals("multipart")) {
            String mp = path.substring("/api/v1/mini-programs/".length(), path.indexOf("/versions"));
            var result = upload(mp, key, "9.9.9", body.bytes).expectBody().returnResult();
            byte[] bytes = result.getResponseBody();
            return new Answer(
                    result.getStatus().value(), bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", body.contentType)
                    .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofByteArray(body.bytes));
        } else {
            request.method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody());
        }
        return exchange(request.build());
    }

    private Answer exchange(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            InputStream in = response.body();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (read) {
                            read.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // closed below once the stream has been read long enough
                }
            });
            try {
                reading.get(3, TimeUnit.SECONDS);
            } catch (TimeoutException endless) {
                in.close();
            }
            synchronized (read) {
                return new Answer(response.statusCode(), read.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
