package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.packaging.Zips;
import io.atrium.sdk.policy.Policy;
import io.atrium.sdk.policy.PolicyDenial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wx.request} over real TLS: only https, only the policy's domains, with a size limit; refusals reach the host's listener. */
class NetworkApiTest {

    static final String PAGE_JS = """
            Page({
              data: { out: '' },
              onLoad(q) { this.url = q.url; this.timeout = q.timeout === undefined ? undefined : Number(q.timeout); },
              fetch() {
                const page = this;
                wx.request({url: this.url, method: 'POST', data: {q: 1}, header: {'X-Test': 'yes'}, timeout: this.timeout,
                  success(r) { page.setData({out: 'ok ' + r.statusCode + ' ' + r.data.answer}); },
                  fail(r) { page.setData({out: r.errMsg}); }});
              },
              many() {
                const page = this;
                let refused = 0;
                for (let i = 0; i < 12; i++) {
                  wx.request({url: this.url, fail(r) { if (r.errMsg.indexOf('in flight') >= 0) { refused++; page.setData({out: 'refused ' + refused}); } }});
                }
              }
            });
            """;

    @TempDir
    Path dir;

    final MockWebServer server = new MockWebServer();
    final List<PolicyDenial> denials = new CopyOnWriteArrayList<>();
    OkHttpClient client;
    MiniProgramSession session;
    boolean privateNetworks = true;
    Map<String, String> extraQuery = Map.of();
    String button = "go";

    @BeforeEach
    void start() throws Exception {
        HeldCertificate certificate = new HeldCertificate.Builder()
                .addSubjectAlternativeName("localhost")
                .build();
        server.useHttps(
                new HandshakeCertificates.Builder()
                        .heldCertificate(certificate)
                        .build()
                        .sslSocketFactory(),
                false);
        server.start();
        HandshakeCertificates trust = new HandshakeCertificates.Builder()
                .addTrustedCertificate(certificate.certificate())
                .build();
        client = new OkHttpClient.Builder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        server.shutdown();
    }

    String run(List<String> domains, String url, long maxBytes) throws Exception {
        return run(domains, url, maxBytes, Duration.ofSeconds(5));
    }

    String run(List<String> domains, String url, long maxBytes, Duration timeout) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/net/net\"]}".getBytes(StandardCharsets.UTF_8));
        files.put("app.js", "App({});".getBytes(StandardCharsets.UTF_8));
        files.put("pages/net/net.js", PAGE_JS.getBytes(StandardCharsets.UTF_8));
        files.put(
                "pages/net/net.wxml",
                "<view><button id=\"go\" bindtap=\"fetch\">go</button><button id=\"many\" bindtap=\"many\">many</button><text id=\"out\">{{out}}</text></view>"
                        .getBytes(StandardCharsets.UTF_8));
        Path zip = dir.resolve("net.zip");
        Files.write(zip, Zips.zip(files));
        AtriumRuntime runtime = AtriumRuntime.builder()
                .storageDir(dir.resolve("host"))
                .allowUnsigned(true)
                .httpClient(client)
                .requestLimits(timeout, maxBytes)
                .allowPrivateNetworks(privateNetworks)
                .localPolicy(new Policy(Set.of("network"), Set.of(), List.of(), Set.of(), domains))
                .listener(new RuntimeListener() {
                    @Override
                    public void onPolicyDenied(PolicyDenial denial) {
                        denials.add(denial);
                    }
                })
                .build();
        Map<String, String> query = new LinkedHashMap<>(extraQuery);
        query.put("url", url);
        session = runtime.launchLocal(zip, new LaunchOptions(null, query));
        session.tap(button).get(10, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (session.currentPage().data().get("out").toString().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return session.currentPage().data().get("out").toString();
    }

    @Test
    void anAllowedHttpsDomainIsReached() throws Exception {
        server.enqueue(
                new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"answer\": 42}"));
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20))
                .isEqualTo("ok 200 42");
        var recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getHeader("X-Test")).isEqualTo("yes");
        assertThat(recorded.getBody().readUtf8()).isEqualTo("{\"q\":1}");
        assertThat(denials).isEmpty();
    }

    @Test
    void aDomainOutsideThePolicyIsRefusedBeforeAnyConnection() throws Exception {
        assertThat(run(List.of("api.example.com"), server.url("/api").toString(), 1 << 20))
                .isEqualTo("request:fail the domain localhost is not allowed by this host app");
        assertThat(server.getRequestCount()).isZero();
        assertThat(denials).extracting(PolicyDenial::api).containsExactly("request:localhost");
    }

    @Test
    void plainHttpIsRefused() throws Exception {
        assertThat(run(List.of("localhost"), "http://localhost:" + server.getPort() + "/api", 1 << 20))
                .isEqualTo("request:fail only https URLs may be requested");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anOversizedResponseFails() throws Exception {
        server.enqueue(new MockResponse().setBody("x".repeat(5000)));
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1000))
                .isEqualTo("request:fail the response is larger than 1000 bytes");
    }

    @Test
    void aSlowServerIsCutOffAtTheTimeLimit() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"answer\": 1}").setHeadersDelay(3, TimeUnit.SECONDS));
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20, Duration.ofMillis(500)))
                .startsWith("request:fail")
                .contains("timeout");
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "https://evil.example.net/"));
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20))
                .isEqualTo("ok 302 undefined");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aPermittedNameThatResolvesToLoopbackIsRefusedUnlessTheHostAllowsPrivateNetworks() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"answer\": 42}"));
        privateNetworks = false;
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20))
                .startsWith("request:fail")
                .contains("not a public address");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anIpLiteralOfAPrivateRangeIsRefusedBeforeAnyConnection() throws Exception {
        privateNetworks = false;
        assertThat(run(List.of("127.0.0.1"), "https://127.0.0.1:" + server.getPort() + "/api", 1 << 20))
                .startsWith("request:fail")
                .contains("not public");
        assertThat(denials).extracting(PolicyDenial::api).containsExactly("request:127.0.0.1");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aTimeoutOfZeroDoesNotTurnTheHostsLimitOff() throws Exception {
        // The server never answers: with the limit off, the request would hang for good.
        server.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
        extraQuery = Map.of("timeout", "0");
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20, Duration.ofMillis(500)))
                .startsWith("request:fail")
                .contains("timeout");
    }

    @Test
    void aRequestWhoseBodyIsStillComingCountsAsInFlight() throws Exception {
        // Headers at once, then the body a byte a second: before, a request left the count when its
        // headers came, and a second wave got ten more past the cap.
        for (int i = 0; i < 24; i++) {
            server.enqueue(new MockResponse().setBody("{\"a\": 1}").throttleBody(1, 1, TimeUnit.SECONDS));
        }
        button = "many";
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20))
                .isEqualTo("refused 2");
        Thread.sleep(500); // the first wave's headers are in; its bodies are not
        assertThat(session.tap("many").get(10, TimeUnit.SECONDS).data()).containsEntry("out", "refused 12");
    }

    @Test
    void requestsInFlightAtOnceAreCapped() throws Exception {
        for (int i = 0; i < 12; i++) {
            server.enqueue(new MockResponse().setBody("{}").setHeadersDelay(2, TimeUnit.SECONDS));
        }
        button = "many";
        assertThat(run(List.of("localhost"), server.url("/api").toString(), 1 << 20))
                .isEqualTo("refused 2");
    }
}
