package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.query.sdk.HostSignatures;
import io.atrium.sdk.packaging.HostDataKeys;
import io.atrium.sdk.packaging.KeyWrap;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A host app's credentials over HTTP: secret rotation with its grace period, and the signed bundle
 * id checked against the host's registered ones, on both manifest routes: the Netty route the
 * running server answers, and the WebFlux route (reached here through the application context,
 * as where no Netty server runs). When the grace period ends is decided by a clock; that is tested
 * with a controllable one in {@code HostAuthenticatorTest}.
 */
class HostCredentialsHttpTest extends HttpTestSupport {

    private static final String IOS = "com.example.wallet";
    private static final String ANDROID = "com.example.wallet.android";

    @Autowired
    ApplicationContext context;

    private String ops;
    private String mp;
    private String host;
    private String secret;

    @BeforeEach
    void hostRunningAReleasedMiniProgram() {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        ops = issueKey("operator");
        mp = createMiniProgram(dev);
        approvedVersion(mp, dev, reviewer, "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        JsonNode registered =
                body(post("/api/v1/host-apps", ops, Map.of("name", "Wallet", "bundleIds", List.of(IOS, ANDROID)))
                        .expectStatus()
                        .isAccepted());
        host = registered.get("id").asText();
        secret = registered.get("secret").asText();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(manifest(client(), secret, IOS)) == 200);
    }

    private WebTestClient webFlux() {
        return WebTestClient.bindToApplicationContext(context)
                .configureClient()
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private WebTestClient.ResponseSpec manifest(WebTestClient client, String appSecret, String bundleId)
            throws Exception {
        byte[] body =
                JSON.writeValueAsBytes(Map.of("hostAppId", host, "miniProgramId", mp, "user", Map.of("userId", "u")));
        return SdkHttpTest.signedAs(
                client,
                HttpMethod.POST,
                "/sdk/v1/manifest",
                body,
                host,
                appSecret,
                bundleId,
                Instant.now().getEpochSecond(),
                UUID.randomUUID().toString().replace("-", ""),
                s -> s);
    }

    private static int status(WebTestClient.ResponseSpec response) {
        return response.returnResult(Void.class).getStatus().value();
    }

    private JsonNode rotate(Object body) {
        WebTestClient.RequestBodySpec request =
                client().post().uri("/api/v1/host-apps/" + host + "/secret").header("Authorization", "Bearer " + ops);
        return body((body == null
                        ? request.exchange()
                        : request.contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body)
                                .exchange())
                .expectStatus()
                .isAccepted());
    }

    @Test
    void aRegisteredBundleIdIsAcceptedAWrongOneRefusedAndAMissingOneRefusedOnBothManifestRoutes() throws Exception {
        for (WebTestClient route : List.of(client(), webFlux())) {
            assertThat(body(manifest(route, secret, IOS).expectStatus().isOk())
                            .get("version")
                            .asText())
                    .isEqualTo("1.0.0");
            manifest(route, secret, ANDROID).expectStatus().isOk();

            JsonNode wrong = problem(manifest(route, secret, "com.attacker.app"), 403, "bundle-id-not-registered");
            assertThat(wrong.get("detail").asText())
                    .contains("com.attacker.app")
                    .contains(host);

            JsonNode missing = problem(manifest(route, secret, null), 401, "bundle-id-missing");
            assertThat(missing.get("detail").asText()).contains("X-Atrium-Bundle-Id");

            // The bundle id is signed: another registered one swapped in after signing does not verify.
            long now = Instant.now().getEpochSecond();
            String nonce = UUID.randomUUID().toString().replace("-", "");
            byte[] body = JSON.writeValueAsBytes(
                    Map.of("hostAppId", host, "miniProgramId", mp, "user", Map.of("userId", "u")));
            String signedForIos = HexFormat.of()
                    .formatHex(HostSignatures.sign(
                            secret, Long.toString(now), nonce, "POST", "/sdk/v1/manifest", IOS, body));
            JsonNode swapped = problem(
                    route.post()
                            .uri("/sdk/v1/manifest")
                            .header("X-Atrium-App", host)
                            .header("X-Atrium-Bundle-Id", ANDROID)
                            .header("X-Atrium-Timestamp", Long.toString(now))
                            .header("X-Atrium-Nonce", nonce)
                            .header("X-Atrium-Signature", signedForIos)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body)
                            .exchange(),
                    401,
                    "unauthenticated");
            assertThat(swapped.get("detail").asText()).contains("signature does not match");
        }
    }

    @Test
    void thePreviousSecretWorksDuringItsGracePeriodAndARotationDuringItEndsTheOlderGraceAtOnce() throws Exception {
        JsonNode first = rotate(Map.of("graceSeconds", 3600));
        String second = first.get("secret").asText();
        Instant until = Instant.parse(first.get("previousSecretValidUntil").asText());
        assertThat(until)
                .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(manifest(client(), second, IOS)) == 200);

        for (WebTestClient route : List.of(client(), webFlux())) {
            manifest(route, secret, IOS).expectStatus().isOk();
            // The answer to a request signed with the previous secret wraps the data key for that secret.
            JsonNode old = body(manifest(route, secret, IOS).expectStatus().isOk());
            assertThat(KeyWrap.unwrap(
                            HostDataKeys.hostKek(secret, host),
                            old.get("dataKey").asText(),
                            HostDataKeys.context(host, mp, "1.0.0")))
                    .hasSize(32);
            JsonNode fresh = body(manifest(route, second, IOS).expectStatus().isOk());
            assertThat(KeyWrap.unwrap(
                            HostDataKeys.hostKek(second, host),
                            fresh.get("dataKey").asText(),
                            HostDataKeys.context(host, mp, "1.0.0")))
                    .hasSize(32);
        }

        // No body: the default grace (24 hours) for the second secret; the first, still in its grace, ends now.
        JsonNode again = rotate(null);
        String third = again.get("secret").asText();
        assertThat(Instant.parse(again.get("previousSecretValidUntil").asText()))
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(manifest(client(), third, IOS)) == 200);
        for (WebTestClient route : List.of(client(), webFlux())) {
            JsonNode refused = problem(manifest(route, secret, IOS), 401, "unauthenticated");
            assertThat(refused.get("detail").asText()).contains("signature does not match");
            manifest(route, second, IOS).expectStatus().isOk();
            manifest(route, third, IOS).expectStatus().isOk();
        }
    }

    @Test
    void refusesAGracePeriodOutsideItsBounds() {
        JsonNode tooLong = problem(
                send(
                        HttpMethod.POST,
                        "/api/v1/host-apps/" + host + "/secret",
                        ops,
                        Map.of("graceSeconds", 31L * 24 * 3600)),
                400,
                "invalid-input");
        assertThat(tooLong.get("field").asText()).isEqualTo("graceSeconds");
        problem(
                send(HttpMethod.POST, "/api/v1/host-apps/" + host + "/secret", ops, Map.of("graceSeconds", -1)),
                400,
                "invalid-input");
    }
}
