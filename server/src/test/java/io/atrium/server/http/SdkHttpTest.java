package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.sdk.packaging.HostDataKeys;
import io.atrium.sdk.packaging.KeyWrap;
import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.sdk.packaging.PlatformKey;
import io.atrium.sdk.packaging.Zips;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The SDK endpoints as a host app sees them: signed requests, gray resolution, policy, keys and the sealed package. */
class SdkHttpTest extends HttpTestSupport {

    private static final String BUNDLE = "com.example.shell";

    private String dev;
    private String reviewer;
    private String ops;
    private String mp;
    private String host;
    private String secret;

    @BeforeEach
    void releasedAndGranted() {
        dev = issueKey("developer");
        reviewer = issueKey("reviewer");
        ops = issueKey("operator");
        mp = createMiniProgram(dev);
        approvedVersion(mp, dev, reviewer, "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        approvedVersion(mp, dev, reviewer, "1.1.0");
        post(
                        "/api/v1/mini-programs/" + mp + "/gray-release",
                        ops,
                        Map.of(
                                "version",
                                "1.1.0",
                                "userIds",
                                List.of("beta-user"),
                                "groups",
                                List.of(Map.of(
                                        "rules",
                                        List.of(
                                                Map.of("attribute", "deviceType", "operator", "eq", "value", "ios"),
                                                Map.of(
                                                        "attribute",
                                                        "osVersion",
                                                        "operator",
                                                        "gte",
                                                        "value",
                                                        "17.2"))))))
                .expectStatus()
                .isAccepted();
        JsonNode registered = body(post(
                        "/api/v1/host-apps",
                        ops,
                        Map.of("name", "Shell", "bundleIds", List.of(BUNDLE, "com.example.shell.android")))
                .expectStatus()
                .isAccepted());
        host = registered.get("id").asText();
        secret = registered.get("secret").asText();
        send(
                        HttpMethod.PUT,
                        "/api/v1/host-apps/" + host + "/domains",
                        ops,
                        Map.of("domains", List.of("api.example.com")))
                .expectStatus()
                .isAccepted();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
        send(
                        HttpMethod.PUT,
                        "/api/v1/host-apps/" + host + "/grants/" + mp,
                        ops,
                        Map.of("scopes", List.of("scope.userInfo"), "apiGroups", List.of("ui", "network")))
                .expectStatus()
                .isAccepted();
        // The manifest reads a snapshot the projections keep current: wait until it shows the grant, the last change
        // above. The bound is generous: a fresh context's projections catch up slowly on a loaded CI machine.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var result =
                            manifest(Map.of("userId", "warm-up")).expectBody().returnResult();
                    return result.getStatus().value() == 200
                            && JSON.readTree(result.getResponseBody())
                                    .at("/policy/scopes/0")
                                    .asText()
                                    .equals("scope.userInfo");
                });
    }

    private WebTestClient.ResponseSpec signed(
            HttpMethod method,
            String path,
            byte[] body,
            String app,
            String appSecret,
            long timestamp,
            String nonce,
            java.util.function.UnaryOperator<String> tamper) {
        return signedAs(client(), method, path, body, app, appSecret, BUNDLE, timestamp, nonce, tamper);
    }

    /** A request signed as a host app signs it, naming {@code bundleId} (null: no bundle id header, signed with ""). */
    static WebTestClient.ResponseSpec signedAs(
            WebTestClient client,
            HttpMethod method,
            String path,
            byte[] body,
            String app,
            String appSecret,
            String bundleId,
            long timestamp,
            String nonce,
            java.util.function.UnaryOperator<String> tamper) {
        String signature = HexFormat.of()
                .formatHex(HostSignatures.sign(
                        appSecret,
                        Long.toString(timestamp),
                        nonce,
                        method.name(),
                        path,
                        bundleId == null ? "" : bundleId,
                        body));
        WebTestClient.RequestBodySpec request = client.method(method).uri(path).header("X-Atrium-App", app);
        if (bundleId != null) {
            request.header("X-Atrium-Bundle-Id", bundleId);
        }
        request.header("X-Atrium-Timestamp", Long.toString(timestamp))
                .header("X-Atrium-Nonce", nonce)
                .header("X-Atrium-Signature", tamper.apply(signature));
        return body.length == 0
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
    }

    private byte[] manifestBody(Map<String, Object> user) throws Exception {
        return JSON.writeValueAsBytes(Map.of("hostAppId", host, "miniProgramId", mp, "user", user));
    }

    private WebTestClient.ResponseSpec manifest(Map<String, Object> user) throws Exception {
        return manifestSignedWith(secret, user);
    }

    private WebTestClient.ResponseSpec manifestSignedWith(String appSecret, Map<String, Object> user) throws Exception {
        return signed(
                HttpMethod.POST,
                "/sdk/v1/manifest",
                manifestBody(user),
                host,
                appSecret,
                Instant.now().getEpochSecond(),
                nonce(),
                s -> s);
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void resolvesTheVersionByTheGrayRules() throws Exception {
        assertThat(body(manifest(Map.of("userId", "someone", "deviceType", "android")))
                        .get("version")
                        .asText())
                .isEqualTo("1.0.0");
        JsonNode gray = body(manifest(Map.of("userId", "someone", "deviceType", "ios", "osVersion", "17.4")));
        assertThat(gray.get("version").asText()).isEqualTo("1.1.0");
        assertThat(gray.get("grayReleaseId").asText()).startsWith("gr-");
        assertThat(body(manifest(Map.of("userId", "someone", "deviceType", "ios", "osVersion", "16.0")))
                        .get("version")
                        .asText())
                .isEqualTo("1.0.0");
        assertThat(body(manifest(Map.of("userId", "beta-user"))).get("version").asText())
                .isEqualTo("1.1.0");
    }

    @Test
    void answersHashesSignatureWrappedKeyAndPolicyThatOpenTheSealedPackage() throws Exception {
        JsonNode answer = body(manifest(Map.of("userId", "someone")));
        assertThat(answer.get("files")).isNotEmpty();
        assertThat(answer.at("/policy/domains/0").asText()).isEqualTo("api.example.com");
        assertThat(answer.at("/policy/scopes/0").asText()).isEqualTo("scope.userInfo");
        assertThat(answer.at("/policy/apiGroups")).extracting(JsonNode::asText).containsExactly("ui", "network");
        JsonNode platform = body(client().get()
                .uri("/sdk/v1/platform-key")
                .exchange()
                .expectStatus()
                .isOk());
        PlatformKey key = PlatformKey.publicOnly(
                Base64.getDecoder().decode(platform.get("publicKey").asText()));
        assertThat(answer.get("signingKeyId").asText()).isEqualTo(key.keyId());

        String path = answer.at("/package/url").asText();
        byte[] sealed = signed(
                        HttpMethod.GET,
                        path,
                        new byte[0],
                        host,
                        secret,
                        Instant.now().getEpochSecond(),
                        nonce(),
                        s -> s)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", "\"" + answer.at("/package/digest").asText() + "\"")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        byte[] dataKey = KeyWrap.unwrap(
                HostDataKeys.hostKek(secret, host),
                answer.get("dataKey").asText(),
                HostDataKeys.context(host, mp, "1.0.0"));
        OpenedPackage opened = OpenedPackage.open(sealed, key, dataKey, mp, "1.0.0");
        // The sample's app.js uses a method shorthand (ES2015): the sealed package carries it as the
        // upload compiled it, and every other file as it was written.
        assertThat(new String(opened.read("app.js"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("App({ onLaunch: function onLaunch() {} });");
        assertThat(opened.read("pages/about/about.wxml"))
                .isEqualTo(Zips.sampleFiles().get("pages/about/about.wxml"));
        assertThat(Base64.getDecoder().decode(answer.get("signature").asText())).hasSize(64);
        assertThat(answer.get("files").get(0).get("sha256").asText()).hasSize(64);
    }

    @Test
    void servesRangesOfTheSealedPackage() throws Exception {
        JsonNode answer = body(manifest(Map.of("userId", "someone")));
        String path = answer.at("/package/url").asText();
        String signature = HexFormat.of()
                .formatHex(HostSignatures.sign(
                        secret,
                        Long.toString(Instant.now().getEpochSecond()),
                        "rangenonce1",
                        "GET",
                        path,
                        BUNDLE,
                        new byte[0]));
        byte[] part = client().get()
                .uri(path)
                .header("X-Atrium-App", host)
                .header("X-Atrium-Bundle-Id", BUNDLE)
                .header("X-Atrium-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("X-Atrium-Nonce", "rangenonce1")
                .header("X-Atrium-Signature", signature)
                .header("Range", "bytes=0-9")
                .exchange()
                .expectStatus()
                .isEqualTo(206)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(part).hasSize(10);
        assertThat(new String(part, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
    }

    @Test
    void refusesBadSignaturesStaleTimestampsAndReplayedNonces() throws Exception {
        byte[] body = manifestBody(Map.of("userId", "u"));
        long now = Instant.now().getEpochSecond();
        problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        body,
                        host,
                        secret,
                        now,
                        nonce(),
                        s -> (s.charAt(0) == 'a' ? "b" : "a") + s.substring(1)),
                401,
                "unauthenticated");
        problem(
                signed(HttpMethod.POST, "/sdk/v1/manifest", body, host, "wrong-secret", now, nonce(), s -> s),
                401,
                "unauthenticated");
        JsonNode stale = problem(
                signed(HttpMethod.POST, "/sdk/v1/manifest", body, host, secret, now - 301, nonce(), s -> s),
                401,
                "unauthenticated");
        assertThat(stale.get("detail").asText()).contains("300 s");
        // Read the clock again: on a loaded machine the requests above can take over a second, and now + 301
        // from the old reading would then be within the window.
        problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        body,
                        host,
                        secret,
                        Instant.now().getEpochSecond() + 302,
                        nonce(),
                        s -> s),
                401,
                "unauthenticated");
        String once = nonce();
        signed(HttpMethod.POST, "/sdk/v1/manifest", body, host, secret, now, once, s -> s)
                .expectStatus()
                .isOk();
        JsonNode replayed = problem(
                signed(HttpMethod.POST, "/sdk/v1/manifest", body, host, secret, now, once, s -> s),
                401,
                "unauthenticated");
        assertThat(replayed.get("detail").asText()).contains("nonce was used before");
        problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        body,
                        "ha-01jd0000000000000000000000",
                        secret,
                        now,
                        nonce(),
                        s -> s),
                401,
                "unauthenticated");
        problem(
                client().post()
                        .uri("/sdk/v1/manifest")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                401,
                "unauthenticated");
        // The signature covers the body: another body under the same signature is refused.
        String sig = HexFormat.of()
                .formatHex(HostSignatures.sign(
                        secret, Long.toString(now), "bodynonce1", "POST", "/sdk/v1/manifest", BUNDLE, body));
        problem(
                client().post()
                        .uri("/sdk/v1/manifest")
                        .header("X-Atrium-App", host)
                        .header("X-Atrium-Bundle-Id", BUNDLE)
                        .header("X-Atrium-Timestamp", Long.toString(now))
                        .header("X-Atrium-Nonce", "bodynonce1")
                        .header("X-Atrium-Signature", sig)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(manifestBody(Map.of("userId", "someone-else")))
                        .exchange(),
                401,
                "unauthenticated");
        problem(
                signed(HttpMethod.POST, "/sdk/v1/manifest", body, host, secret, now, "short", s -> s),
                401,
                "unauthenticated");
    }

    @Test
    void aSecretRotatedWithoutGraceIsRefusedOnceTheReadModelHasTheRotationAndTheNewOneIsAccepted() throws Exception {
        manifestSignedWith(secret, Map.of("userId", "u")).expectStatus().isOk();
        problem(send(HttpMethod.POST, "/api/v1/host-apps/" + host + "/secret", dev, null), 403, "forbidden");

        String key = "rotate-" + nonce();
        JsonNode rotated = body(client().post()
                .uri("/api/v1/host-apps/" + host + "/secret")
                .header("Authorization", "Bearer " + ops)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("graceSeconds", 0))
                .exchange()
                .expectStatus()
                .isAccepted());
        String newSecret = rotated.get("secret").asText();
        assertThat(rotated.get("id").asText()).isEqualTo(host);
        assertThat(rotated.get("position").asLong()).isPositive();
        assertThat(newSecret).matches("[0-9a-f]{64}").isNotEqualTo(secret);
        assertThat(rotated.get("previousSecretValidUntil").isNull()).isTrue();
        // A retry shows the same new secret and rotates nothing further.
        long events = eventCount(host);
        JsonNode retried = body(client().post()
                .uri("/api/v1/host-apps/" + host + "/secret")
                .header("Authorization", "Bearer " + ops)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("graceSeconds", 0))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueEquals("Idempotent-Replayed", "true"));
        assertThat(retried).isEqualTo(rotated);
        assertThat(eventCount(host)).isEqualTo(events);
        assertThat(eventTypes(host)).endsWith("HostAppSecretRotated");

        // The query side reads the generation from the read model: the old secret works until the
        // projection and the snapshot's next refresh have the rotation, then never again.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> manifestSignedWith(secret, Map.of("userId", "u"))
                                .returnResult(Void.class)
                                .getStatus()
                                .value()
                        == 401);
        JsonNode refused = problem(manifestSignedWith(secret, Map.of("userId", "u")), 401, "unauthenticated");
        assertThat(refused.get("detail").asText()).contains("signature does not match");
        assertThat(body(manifestSignedWith(newSecret, Map.of("userId", "u"))
                                .expectStatus()
                                .isOk())
                        .get("version")
                        .asText())
                .isEqualTo("1.0.0");
    }

    @Test
    void refusesAnUnsignedOrBadlySignedPackageDownloadButServesThePlatformKeyToAnyone() throws Exception {
        String path =
                body(manifest(Map.of("userId", "someone"))).at("/package/url").asText();
        client().get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "AtriumHostSignature")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        long now = Instant.now().getEpochSecond();
        JsonNode refused = problem(
                signed(HttpMethod.GET, path, new byte[0], host, "wrong-secret", now, nonce(), s -> s),
                401,
                "unauthenticated");
        assertThat(refused.get("detail").asText()).contains("signature does not match");
        assertThat(refused.get("instance").asText()).isEqualTo(path);
        signed(HttpMethod.GET, path, new byte[0], host, secret, now, nonce(), s -> s)
                .expectStatus()
                .isOk();
        client().get().uri("/sdk/v1/platform-key").exchange().expectStatus().isOk();
    }

    @Test
    void refusesAMiniProgramNotAssociatedOrDelisted() throws Exception {
        String other = createMiniProgram(dev);
        byte[] body = JSON.writeValueAsBytes(
                Map.of("hostAppId", host, "miniProgramId", other, "user", Map.of("userId", "u")));
        JsonNode refused = problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        body,
                        host,
                        secret,
                        Instant.now().getEpochSecond(),
                        nonce(),
                        s -> s),
                403,
                "not-associated");
        assertThat(refused.get("detail").asText()).contains(other);
        post("/api/v1/mini-programs/" + mp + "/delist", ops, Map.of("reason", "review"))
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> manifest(Map.of("userId", "u"))
                                .returnResult(Void.class)
                                .getStatus()
                                .value()
                        == 403);
        problem(manifest(Map.of("userId", "u")), 403, "delisted");
    }

    @Test
    void refusesAMalformedOrForeignRequest() throws Exception {
        Map<String, Object> wrongHost =
                new HashMap<>(Map.of("hostAppId", "ha-01jd0000000000000000000000", "miniProgramId", mp));
        JsonNode problem = problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        JSON.writeValueAsBytes(wrongHost),
                        host,
                        secret,
                        Instant.now().getEpochSecond(),
                        nonce(),
                        s -> s),
                400,
                "invalid-input");
        assertThat(problem.get("field").asText()).isEqualTo("hostAppId");
        problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        "not json".getBytes(StandardCharsets.UTF_8),
                        host,
                        secret,
                        Instant.now().getEpochSecond(),
                        nonce(),
                        s -> s),
                400,
                "invalid-input");
        byte[] huge = new byte[20_000];
        problem(
                signed(
                        HttpMethod.POST,
                        "/sdk/v1/manifest",
                        huge,
                        host,
                        secret,
                        Instant.now().getEpochSecond(),
                        nonce(),
                        s -> s),
                413,
                "payload-too-large");
    }
}
