package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Each write endpoint with each error status it can answer: 401 without a valid key, 403 for a
 * role that may not, 404 for an unknown id, 400 naming the field at fault, 409 naming the broken
 * rule, 413 for what is too large. Every answer is problem+json and records nothing.
 */
class ErrorStatusHttpTest extends HttpTestSupport {

    /** An endpoint, its path ({mp}, {ha}, {key} filled in per test) and a body it accepts. */
    record Endpoint(HttpMethod method, String path, Object body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final Map<String, Object> GRAY = Map.of("version", "1.0.0", "userIds", List.of("u-1"));

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs", Map.of("name", "X")),
                new Endpoint(HttpMethod.PATCH, "/api/v1/mini-programs/{mp}", Map.of("name", "X")),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/versions", null),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/versions/1.0.0/submit", null),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/versions/1.0.0/approve", null),
                new Endpoint(
                        HttpMethod.POST, "/api/v1/mini-programs/{mp}/versions/1.0.0/reject", Map.of("reason", "no")),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/release", Map.of("version", "1.0.0")),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/gray-release", GRAY),
                new Endpoint(
                        HttpMethod.PUT, "/api/v1/mini-programs/{mp}/gray-release", Map.of("userIds", List.of("u-2"))),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/gray-release/promote", null),
                new Endpoint(HttpMethod.DELETE, "/api/v1/mini-programs/{mp}/gray-release", null),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/rollback", Map.of("version", "1.0.0")),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/delist", Map.of("reason", "x")),
                new Endpoint(HttpMethod.POST, "/api/v1/mini-programs/{mp}/relist", null),
                new Endpoint(HttpMethod.POST, "/api/v1/api-keys", Map.of("name", "k", "roles", List.of("auditor"))),
                new Endpoint(HttpMethod.DELETE, "/api/v1/api-keys/{key}", null),
                new Endpoint(HttpMethod.POST, "/api/v1/host-apps", Map.of("name", "Shell")),
                new Endpoint(
                        HttpMethod.PUT,
                        "/api/v1/host-apps/{ha}/bundle-ids",
                        Map.of("bundleIds", List.of("com.example.a"))),
                new Endpoint(
                        HttpMethod.PUT,
                        "/api/v1/host-apps/{ha}/domains",
                        Map.of("domains", List.of("api.example.com"))),
                new Endpoint(HttpMethod.PUT, "/api/v1/host-apps/{ha}/mini-programs/{mp}", null),
                new Endpoint(HttpMethod.DELETE, "/api/v1/host-apps/{ha}/mini-programs/{mp}", null),
                new Endpoint(HttpMethod.POST, "/api/v1/host-apps/{ha}/custom-apis", Map.of("name", "getWallet")),
                new Endpoint(
                        HttpMethod.POST, "/api/v1/host-apps/{ha}/menus", Map.of("name", "share", "title", "Share")),
                new Endpoint(HttpMethod.PUT, "/api/v1/host-apps/{ha}/grants/{mp}", Map.of("apis", List.of())));
    }

    static Stream<Endpoint> endpointsWithIds() {
        return endpoints().filter(e -> e.path().contains("{"));
    }

    static Stream<Endpoint> endpointsWithJsonBodies() {
        return endpoints().filter(e -> e.body() != null);
    }

    private String dev;
    private String reviewer;
    private String ops;
    private String auditor;
    private String mp;
    private String ha;
    private String keyId;

    @BeforeEach
    void prepare() {
        dev = issueKey("developer");
        reviewer = issueKey("reviewer");
        ops = issueKey("operator");
        auditor = issueKey("auditor");
        mp = createMiniProgram(dev);
        ha = body(post("/api/v1/host-apps", ops, Map.of("name", "Shell"))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        keyId = body(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "victim", "roles", List.of("auditor")))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
    }

    private String path(Endpoint e, String mpId, String haId, String key) {
        return e.path().replace("{mp}", mpId).replace("{ha}", haId).replace("{key}", key);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec call(
            Endpoint e, String path, String key) {
        if (e.path().endsWith("/versions")) {
            return upload(
                    path.substring("/api/v1/mini-programs/".length(), path.length() - "/versions".length()),
                    key,
                    "9.9.9",
                    samplePackage());
        }
        return send(e.method(), path, key, e.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answers401WithoutAKey(Endpoint e) {
        long events = eventCount();
        JsonNode problem = problem(send(e.method(), path(e, mp, ha, keyId), null, e.body()), 401, "unauthenticated");
        assertThat(problem.get("detail").asText()).contains("Bearer");
        problem(send(e.method(), path(e, mp, ha, keyId), "atr_not-a-real-key", e.body()), 401, "unauthenticated");
        assertThat(eventCount()).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answers403ToARoleThatMayNot(Endpoint e) {
        long events = eventCount();
        JsonNode problem = problem(call(e, path(e, mp, ha, keyId), auditor), 403, "forbidden");
        assertThat(problem.get("detail").asText()).contains("needs one of the roles");
        assertThat(eventCount()).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithIds")
    void answers404ForAnUnknownIdAnd400ForAMalformedOne(Endpoint e) {
        long events = eventCount();
        String key = e.path().contains("api-keys")
                ? OWNER_KEY
                : e.path().contains("host-apps")
                        ? ops
                        : e.path().contains("approve") || e.path().contains("reject")
                                ? reviewer
                                : e.path().contains("release")
                                                || e.path().contains("rollback")
                                                || e.path().contains("list")
                                        ? ops
                                        : dev;
        String unknownMp = "mp-01jd0000000000000000000000";
        String unknownHa = "ha-01jd0000000000000000000000";
        String unknownKey = "key-01jd0000000000000000000000";
        // An unknown id of the right form is 404; a segment that cannot be an id at all is 400, naming the id.
        String path = e.path().contains("{ha}") ? path(e, mp, unknownHa, keyId) : path(e, unknownMp, ha, unknownKey);
        problem(call(e, path, key), 404, "not-found");
        String malformed = e.path().contains("{ha}") ? path(e, mp, "nope", keyId) : path(e, "nope", ha, "nope");
        JsonNode problem = problem(call(e, malformed, key), 400, "invalid-input");
        assertThat(problem.get("detail").asText()).contains("'nope'");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void readsAnswer404ForAnUnknownIdAnd400ForAMalformedOne() {
        problem(
                send(HttpMethod.GET, "/api/v1/mini-programs/mp-01jd0000000000000000000000", dev, null),
                404,
                "not-found");
        assertThat(problem(send(HttpMethod.GET, "/api/v1/mini-programs/nope", dev, null), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("miniProgramId");
        problem(send(HttpMethod.GET, "/api/v1/mini-programs/nope/versions", dev, null), 400, "invalid-input");
        problem(send(HttpMethod.GET, "/api/v1/host-apps/ha-01jd0000000000000000000000", ops, null), 404, "not-found");
        assertThat(problem(send(HttpMethod.GET, "/api/v1/host-apps/nope", ops, null), 400, "invalid-input")
                        .get("field")
                        .asText())
                .isEqualTo("hostAppId");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithJsonBodies")
    void answers400ForABodyThatIsNotJson(Endpoint e) {
        long events = eventCount();
        JsonNode problem = problem(
                client().method(e.method())
                        .uri(path(e, mp, ha, keyId))
                        .header("Authorization", "Bearer " + OWNER_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"name\": ")
                        .exchange(),
                400,
                "invalid-input");
        assertThat(problem.get("field").asText()).isEqualTo("body");
        assertThat(eventCount()).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithJsonBodies")
    void answers413ForAJsonBodyOverTheLimit(Endpoint e) {
        long events = eventCount();
        String huge = "{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        problem(
                client().method(e.method())
                        .uri(path(e, mp, ha, keyId))
                        .header("Authorization", "Bearer " + OWNER_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(huge)
                        .exchange(),
                413,
                "payload-too-large");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Nested
    class FieldAtFault {

        private void invalid(
                org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response, String field) {
            long events = eventCount();
            JsonNode problem = problem(response, 400, "invalid-input");
            assertThat(problem.get("field").asText()).isEqualTo(field);
            assertThat(eventCount()).isEqualTo(events);
        }

        @Test
        void createAndUpdate() {
            invalid(post("/api/v1/mini-programs", dev, Map.of("name", "")), "name");
            invalid(post("/api/v1/mini-programs", dev, Map.of("name", "ok", "tags", List.of("ok", "<b>"))), "tags[1]");
            invalid(post("/api/v1/mini-programs", dev, Map.of("name", "ok", "tags", "not-a-list")), "tags");
            invalid(
                    send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("category", "Not Valid")),
                    "category");
        }

        @Test
        void uploadFields() {
            invalid(upload(mp, dev, "1.0", samplePackage()), "version");
            JsonNode problem = problem(upload(mp, dev, "1.0.0", "not a zip".getBytes()), 400, "invalid-package");
            assertThat(problem.get("field").asText()).isEqualTo("package");
            assertThat(problem.get("rule").asText()).isEqualTo("package.not-a-zip");
        }

        @Test
        void reviewAndRelease() {
            approvedVersion(mp, dev, reviewer, "1.0.0");
            upload(mp, dev, "1.1.0", samplePackage()).expectStatus().isAccepted();
            post("/api/v1/mini-programs/" + mp + "/versions/1.1.0/submit", dev, null)
                    .expectStatus()
                    .isAccepted();
            invalid(
                    post("/api/v1/mini-programs/" + mp + "/versions/1.1.0/reject", reviewer, Map.of("reason", " ")),
                    "reason");
            invalid(post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "one")), "version");
            invalid(post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of()), "version");
            invalid(
                    post(
                            "/api/v1/mini-programs/" + mp + "/gray-release",
                            ops,
                            Map.of(
                                    "version",
                                    "1.0.0",
                                    "groups",
                                    List.of(Map.of(
                                            "rules",
                                            List.of(Map.of(
                                                    "attribute", "osVersion", "operator", "matches", "value", "x")))))),
                    "groups[0].rules[0].operator");
            invalid(post("/api/v1/mini-programs/" + mp + "/gray-release", ops, Map.of("version", "1.0.0")), "groups");
            // Bound by Jackson to the rule records: the refusal names the rule by its place in the body.
            invalid(
                    post(
                            "/api/v1/mini-programs/" + mp + "/gray-release",
                            ops,
                            Map.of(
                                    "version",
                                    "1.0.0",
                                    "groups",
                                    List.of(
                                            Map.of(
                                                    "rules",
                                                    List.of(Map.of(
                                                            "attribute", "region", "operator", "eq", "value", "eu"))),
                                            Map.of(
                                                    "rules",
                                                    List.of(Map.of(
                                                            "attribute",
                                                            "userId",
                                                            "operator",
                                                            "percentage",
                                                            "value",
                                                            101)))))),
                    "groups[1].rules[0].value");
            invalid(
                    post(
                            "/api/v1/mini-programs/" + mp + "/gray-release",
                            ops,
                            Map.of(
                                    "version",
                                    "1.0.0",
                                    "groups",
                                    List.of(Map.of(
                                            "rules",
                                            List.of(Map.of(
                                                    "attribute", "region", "operator", "around", "value", "eu")))))),
                    "groups[0].rules[0].operator");
            invalid(
                    post(
                            "/api/v1/mini-programs/" + mp + "/gray-release",
                            ops,
                            Map.of("version", "1.0.0", "groups", List.of(Map.of("rules", List.of())))),
                    "groups[0].rules");
            invalid(
                    post(
                            "/api/v1/mini-programs/" + mp + "/gray-release",
                            ops,
                            Map.of("version", "1.0.0", "groups", "all")),
                    "groups");
            invalid(
                    send(
                            HttpMethod.PUT,
                            "/api/v1/mini-programs/" + mp + "/gray-release",
                            ops,
                            Map.of("userIds", List.of(7))),
                    "userIds[0]");
            invalid(post("/api/v1/mini-programs/" + mp + "/rollback", ops, Map.of("reason", "x")), "version");
            invalid(post("/api/v1/mini-programs/" + mp + "/delist", ops, Map.of("freezeDeveloper", true)), "reason");
        }

        @Test
        void keysAndHostApps() {
            invalid(
                    post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "k", "roles", List.of("auditor", "janitor"))),
                    "roles[1]");
            invalid(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "k", "roles", List.of())), "roles");
            invalid(
                    post("/api/v1/host-apps", ops, Map.of("name", "Shell", "bundleIds", List.of("nodots"))),
                    "bundleIds[0]");
            invalid(
                    send(
                            HttpMethod.PUT,
                            "/api/v1/host-apps/" + ha + "/bundle-ids",
                            ops,
                            Map.of("bundleIds", List.of("com.ok", "bad id"))),
                    "bundleIds[1]");
            invalid(
                    send(
                            HttpMethod.PUT,
                            "/api/v1/host-apps/" + ha + "/domains",
                            ops,
                            Map.of("domains", List.of("https://x.com"))),
                    "domains[0]");
            invalid(post("/api/v1/host-apps/" + ha + "/custom-apis", ops, Map.of("name", "get wallet")), "name");
            invalid(post("/api/v1/host-apps/" + ha + "/menus", ops, Map.of("name", "share")), "title");
            send(HttpMethod.PUT, "/api/v1/host-apps/" + ha + "/mini-programs/" + mp, ops, null)
                    .expectStatus()
                    .isAccepted();
            invalid(
                    send(
                            HttpMethod.PUT,
                            "/api/v1/host-apps/" + ha + "/grants/" + mp,
                            ops,
                            Map.of("scopes", List.of("camera"))),
                    "scopes[0]");
            invalid(
                    send(
                            HttpMethod.PUT,
                            "/api/v1/host-apps/" + ha + "/grants/" + mp,
                            ops,
                            Map.of("apiGroups", List.of("telepathy"))),
                    "apiGroups[0]");
        }

        @Test
        void idempotencyKeyItself() {
            invalid(
                    client().post()
                            .uri("/api/v1/mini-programs")
                            .header("Authorization", "Bearer " + dev)
                            .header("Idempotency-Key", "has spaces in it")
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("name", "X"))
                            .exchange(),
                    "Idempotency-Key");
        }
    }

    @Nested
    class BrokenRule {

        private void conflict(
                org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response, String rule) {
            long events = eventCount();
            JsonNode problem = problem(response, 409, "rule-violated");
            assertThat(problem.get("rule").asText()).isEqualTo(rule);
            assertThat(eventCount()).isEqualTo(events);
        }

        @Test
        void reviewRules() {
            String base = "/api/v1/mini-programs/" + mp;
            upload(mp, dev, "1.0.0", samplePackage()).expectStatus().isAccepted();
            conflict(upload(mp, dev, "1.0.0", samplePackage()), "version-exists");
            conflict(post(base + "/versions/1.0.0/approve", reviewer, null), "not-in-review");
            post(base + "/versions/1.0.0/submit", dev, null).expectStatus().isAccepted();
            conflict(post(base + "/versions/1.0.0/submit", dev, null), "not-uploaded");
            String selfReviewer = issueKey("developer", "reviewer");
            upload(mp, selfReviewer, "2.0.0", samplePackage()).expectStatus().isAccepted();
            post(base + "/versions/2.0.0/submit", selfReviewer, null)
                    .expectStatus()
                    .isAccepted();
            conflict(post(base + "/versions/2.0.0/approve", selfReviewer, null), "four-eyes");
            post(base + "/versions/1.0.0/reject", reviewer, Map.of("reason", "x"))
                    .expectStatus()
                    .isAccepted();
            conflict(post(base + "/versions/1.0.0/reject", reviewer, Map.of("reason", "again")), "not-in-review");
        }

        @Test
        void releaseRules() {
            String base = "/api/v1/mini-programs/" + mp;
            upload(mp, dev, "1.0.0", samplePackage()).expectStatus().isAccepted();
            conflict(post(base + "/release", ops, Map.of("version", "1.0.0")), "not-approved");
            post(base + "/versions/1.0.0/submit", dev, null).expectStatus().isAccepted();
            post(base + "/versions/1.0.0/approve", reviewer, null)
                    .expectStatus()
                    .isAccepted();
            approvedVersion(mp, dev, reviewer, "1.1.0");
            approvedVersion(mp, dev, reviewer, "1.2.0");
            conflict(
                    send(HttpMethod.PUT, base + "/gray-release", ops, Map.of("userIds", List.of("u"))),
                    "no-gray-release");
            conflict(post(base + "/gray-release/promote", ops, null), "no-gray-release");
            conflict(send(HttpMethod.DELETE, base + "/gray-release", ops, null), "no-gray-release");
            conflict(post(base + "/rollback", ops, Map.of("version", "1.0.0")), "nothing-released");
            post(base + "/release", ops, Map.of("version", "1.0.0"))
                    .expectStatus()
                    .isAccepted();
            conflict(post(base + "/release", ops, Map.of("version", "1.0.0")), "already-released");
            conflict(post(base + "/rollback", ops, Map.of("version", "1.1.0")), "never-released");
            post(base + "/gray-release", ops, Map.of("version", "1.1.0", "userIds", List.of("u-1")))
                    .expectStatus()
                    .isAccepted();
            conflict(
                    post(base + "/gray-release", ops, Map.of("version", "1.2.0", "userIds", List.of("u-1"))),
                    "gray-release-active");
            conflict(post(base + "/release", ops, Map.of("version", "1.2.0")), "gray-release-active");
            post(base + "/delist", ops, Map.of("reason", "review"))
                    .expectStatus()
                    .isAccepted();
            conflict(post(base + "/delist", ops, Map.of("reason", "again")), "already-delisted");
            conflict(post(base + "/gray-release/promote", ops, null), "delisted");
            post(base + "/relist", ops, null).expectStatus().isAccepted();
            conflict(post(base + "/relist", ops, null), "not-delisted");
        }

        @Test
        void freezeRules() {
            String base = "/api/v1/mini-programs/" + mp;
            post(base + "/delist", ops, Map.of("reason", "fraud", "freezeDeveloper", true))
                    .expectStatus()
                    .isAccepted();
            conflict(send(HttpMethod.PATCH, base, dev, Map.of("name", "Renamed")), "developer-frozen");
            conflict(upload(mp, dev, "5.0.0", samplePackage()), "developer-frozen");
        }

        @Test
        void keyRules() {
            String admin = issueKey("admin");
            conflict(post("/api/v1/api-keys", admin, Map.of("name", "boss", "roles", List.of("owner"))), "owner-only");
            send(HttpMethod.DELETE, "/api/v1/api-keys/" + keyId, OWNER_KEY, null)
                    .expectStatus()
                    .isAccepted();
            conflict(send(HttpMethod.DELETE, "/api/v1/api-keys/" + keyId, OWNER_KEY, null), "already-revoked");
        }

        @Test
        void hostAppRules() {
            String base = "/api/v1/host-apps/" + ha;
            conflict(send(HttpMethod.DELETE, base + "/mini-programs/" + mp, ops, null), "not-associated");
            conflict(send(HttpMethod.PUT, base + "/grants/" + mp, ops, Map.of()), "not-associated");
            send(HttpMethod.PUT, base + "/mini-programs/" + mp, ops, null)
                    .expectStatus()
                    .isAccepted();
            conflict(send(HttpMethod.PUT, base + "/mini-programs/" + mp, ops, null), "already-associated");
            post(base + "/custom-apis", ops, Map.of("name", "getWallet"))
                    .expectStatus()
                    .isAccepted();
            conflict(post(base + "/custom-apis", ops, Map.of("name", "getWallet")), "custom-api-exists");
            post(base + "/menus", ops, Map.of("name", "share", "title", "Share"))
                    .expectStatus()
                    .isAccepted();
            conflict(post(base + "/menus", ops, Map.of("name", "share", "title", "Again")), "menu-exists");
            conflict(
                    send(HttpMethod.PUT, base + "/grants/" + mp, ops, Map.of("apis", List.of("getBalance"))),
                    "undefined-grant");
            conflict(
                    send(HttpMethod.PUT, base + "/grants/" + mp, ops, Map.of("menus", List.of("print"))),
                    "undefined-grant");
        }
    }

    @Test
    void answers413ForAnUploadOverTheLimitWhileItStreams() {
        long events = eventCount();
        long blobs = blobCount();
        byte[] tooBig = new byte[(int) MAX_UPLOAD + 200_000];
        new java.util.Random(1).nextBytes(tooBig);
        problem(upload(mp, dev, "1.0.0", tooBig), 413, "payload-too-large");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(blobCount()).isEqualTo(blobs);
    }

    @Test
    void answersUnknownRoutesAndMethodsAsProblems() {
        problem(send(HttpMethod.GET, "/api/v1/nothing-here", OWNER_KEY, null), 404, "not-found");
        problem(send(HttpMethod.PUT, "/api/v1/mini-programs", OWNER_KEY, Map.of()), 405, "method-not-allowed");
        problem(
                client().post()
                        .uri("/api/v1/mini-programs")
                        .header("Authorization", "Bearer " + OWNER_KEY)
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("x")
                        .exchange(),
                415,
                "unsupported-media-type");
    }
}
