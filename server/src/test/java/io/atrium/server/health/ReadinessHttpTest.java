package io.atrium.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.server.http.HttpTestSupport;
import io.atrium.server.support.TcpProxy;
import io.atrium.server.support.TestMariaDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Readiness follows the read model's database, and liveness does not. A server of its own whose read
 * model is a real MariaDB database reached through a TCP proxy: stopping the proxy is the database
 * going away for this server (connections cut, new ones refused) while the MariaDB every other test
 * uses stays up; starting it again on the same port is the database coming back.
 */
// Closed after the class: its proxy and database are gone by then, and a cached context kept
// polling them (a warning with a stack trace every 100 ms) for the rest of the suite's JVM.
@org.springframework.test.annotation.DirtiesContext
@Tag("services")
class ReadinessHttpTest extends HttpTestSupport {

    private static final String DATABASE =
            "atrium_readiness_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final TcpProxy PROXY;

    static {
        URI mariaDb = URI.create(TestMariaDb.URL.substring("jdbc:".length()));
        TestMariaDb.create(DATABASE);
        PROXY = TcpProxy.to(mariaDb.getHost(), mariaDb.getPort());
    }

    @DynamicPropertySource
    static void readModelBehindTheProxy(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-readiness");
        registry.add("atrium.read-model.kind", () -> "mysql");
        registry.add("atrium.read-model.host", () -> "127.0.0.1");
        registry.add("atrium.read-model.port", PROXY::port);
        registry.add("atrium.read-model.database", () -> DATABASE);
        registry.add("atrium.read-model.username", () -> TestMariaDb.USER);
        registry.add("atrium.read-model.password", () -> TestMariaDb.PASSWORD);
    }

    @AfterAll
    static void dropDatabase() {
        PROXY.close();
        TestMariaDb.drop(DATABASE);
    }

    @Test
    void readinessGoesDownWithTheReadModelDatabaseAndUpWhenItReturnsWhileLivenessStaysUp() {
        Probe ready = awaitProbe("/actuator/health/readiness", 200);
        assertThat(ready.status()).isEqualTo("UP");
        // A single node: the write side's database, the read model as projections write it and as the read
        // API reads it, the projections' lag; no Kafka (in-process feed), no Elasticsearch (Lucene).
        assertThat(ready.components())
                .containsExactlyInAnyOrder(
                        "readinessState", "db", "readModel", "queryReadModel", "manifestSnapshot", "projectionLag");
        assertLivenessIsTheProcessOnly();

        PROXY.stop();
        Probe down = awaitProbe("/actuator/health/readiness", 503);
        assertThat(down.status()).isEqualTo("DOWN");
        assertThat(down.body().at("/components/readModel/status").asText()).isEqualTo("DOWN");
        assertThat(down.body().at("/components/queryReadModel/status").asText()).isEqualTo("DOWN");
        assertThat(down.body().at("/components/db/status").asText()).isEqualTo("UP");
        // The process is fine: restarting it would not bring the database back.
        assertLivenessIsTheProcessOnly();

        PROXY.start();
        Probe back = awaitProbe("/actuator/health/readiness", 200);
        assertThat(back.status()).isEqualTo("UP");
        assertThat(back.body().at("/components/readModel/status").asText()).isEqualTo("UP");
    }

    private void assertLivenessIsTheProcessOnly() {
        Probe live = probe("/actuator/health/liveness");
        assertThat(live.httpStatus()).isEqualTo(200);
        assertThat(live.status()).isEqualTo("UP");
        assertThat(live.components()).containsExactly("livenessState");
    }

    private record Probe(int httpStatus, JsonNode body) {
        String status() {
            return body.path("status").asText();
        }

        List<String> components() {
            List<String> names = new ArrayList<>();
            body.path("components").fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    private Probe probe(String path) {
        EntityExchangeResult<byte[]> result =
                client().get().uri(path).exchange().expectBody().returnResult();
        try {
            byte[] bytes = result.getResponseBody();
            return new Probe(result.getStatus().value(), bytes == null ? JSON.nullNode() : JSON.readTree(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Readiness is checked when asked, so it turns within one check of the database's change. */
    private Probe awaitProbe(String path, int httpStatus) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> probe(path), p -> p.httpStatus() == httpStatus);
    }
}
