package io.atrium.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.UserAttributes;
import io.atrium.server.http.HttpTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The metrics at {@code /actuator/prometheus} after a lifecycle run on the single-node server: every
 * family of docs/metrics.md that one node can export, with values that follow from what the run did,
 * and every metric the Grafana dashboard queries among them.
 */
class MetricsHttpTest extends HttpTestSupport {

    private static final String BUNDLE = "com.example.metrics";

    /** The families only cluster mode on Kafka exports; ClusterModeTest looks for them on its nodes. */
    private static final Set<String> KAFKA_ONLY = Set.of("atrium_relay_lag_events", "atrium_feed_lag_events");

    @TempDir
    Path dir;

    @Test
    void aLifecycleRunShowsInEveryMetricFamilyAndTheDashboardQueriesOnlyExportedMetrics() throws Exception {
        PrometheusScrape before = scrape();

        // The lifecycle: create, upload, submit, approve, release; a release refused by a rule; a host
        // app that runs the release through the SDK; a search.
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String ops = issueKey("operator");
        String mp = createMiniProgram(dev);
        approvedVersion(mp, dev, reviewer, "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        int refused = post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "9.9.9"))
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
        assertThat(refused).isBetween(400, 499);
        JsonNode registered =
                body(post("/api/v1/host-apps", ops, Map.of("name", "Metrics", "bundleIds", List.of(BUNDLE)))
                        .expectStatus()
                        .isAccepted());
        String host = registered.get("id").asText();
        String secret = registered.get("secret").asText();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
        send(
                        HttpMethod.PUT,
                        "/api/v1/host-apps/" + host + "/grants/" + mp,
                        ops,
                        Map.of("apiGroups", List.of("ui", "navigation", "storage")))
                .expectStatus()
                .isAccepted();
        // The SDK asks for the manifest, then downloads the sealed package; the read side serves them
        // once the projections have applied the grant.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try (AtriumRuntime runtime = AtriumRuntime.builder()
                                    .platformUrl("http://localhost:" + port)
                                    .hostApp(host, secret, BUNDLE)
                                    .storageDir(dir.resolve("runtime"))
                                    .build();
                            MiniProgramSession session = runtime.launch(mp, UserAttributes.of("someone"))) {
                        return session.version().equals("1.0.0");
                    } catch (LaunchException e) {
                        return false;
                    }
                });
        // An unsigned manifest request is refused before any handler.
        client().post()
                .uri("/sdk/v1/manifest")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client().get()
                .uri("/api/v1/search?q=hello&hostApp=" + host)
                .header("Authorization", "Bearer " + dev)
                .exchange()
                .expectStatus()
                .isOk();
        // The release is crawled in the background; its pages are counted when the crawl ends.
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> delta(before, scrape(), "atrium_crawl_pages_total", Map.of("outcome", "indexed")) >= 1);

        PrometheusScrape after = scrape();

        // Commands by type and outcome, each counted once and timed once.
        for (String type : List.of("CreateMiniProgram", "UploadVersion", "SubmitForReview", "ApproveVersion")) {
            assertThat(delta(before, after, "atrium_commands_total", Map.of("type", type, "outcome", "accepted")))
                    .as("accepted %s commands", type)
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(delta(
                        before,
                        after,
                        "atrium_commands_total",
                        Map.of("type", "ReleaseVersion", "outcome", "accepted")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "atrium_commands_total",
                        Map.of("type", "ReleaseVersion", "outcome", "rejected")))
                .isGreaterThanOrEqualTo(1);
        for (PrometheusScrape.Sample commands : after.samples("atrium_commands_total")) {
            assertThat(commands.labels().keySet()).containsExactlyInAnyOrder("type", "outcome");
            assertThat(commands.labels().get("outcome")).isIn("accepted", "rejected", "conflict", "error");
        }
        Map<String, String> created = Map.of("type", "CreateMiniProgram", "outcome", "accepted");
        histogramIsConsistent(after, "atrium_command_duration_seconds", created);
        assertThat(after.sum("atrium_command_duration_seconds_count", created))
                .isEqualTo(after.sum("atrium_commands_total", created));
        assertThat(after.sum("atrium_command_duration_seconds_sum", created)).isPositive();

        // The event store: at least one append per accepted command of the run.
        assertThat(delta(before, after, "atrium_eventstore_appends_total", Map.of("outcome", "ok")))
                .isGreaterThanOrEqualTo(9);
        assertThat(after.samples("atrium_eventstore_appends_total"))
                .extracting(s -> s.labels().get("outcome"))
                .containsExactlyInAnyOrder("ok", "conflict", "error");
        assertThat(after.samples("atrium_eventstore_conflicts_total")).hasSize(1);

        // The security log (the unsigned manifest request above is one of its refusals) lost nothing
        // during the run, and says so under both reasons.
        assertThat(after.samples("atrium_security_log_lost_total"))
                .extracting(s -> s.labels().get("reason"))
                .containsExactlyInAnyOrder("dropped", "given_up");
        assertThat(delta(before, after, "atrium_security_log_lost_total", Map.of()))
                .isZero();

        // Every projection's position, lag and batch time.
        Set<String> projections = new TreeSet<>();
        after.samples("atrium_projection_position")
                .forEach(s -> projections.add(s.labels().get("projection")));
        assertThat(projections).contains("catalogue", "host-apps", "audit-log", "api-keys", "search");
        for (String projection : projections) {
            Map<String, String> tag = Map.of("projection", projection);
            assertThat(after.sum("atrium_projection_lag_events", tag))
                    .as("lag of %s", projection)
                    .isGreaterThanOrEqualTo(0);
            assertThat(after.samples("atrium_projection_batch_duration_seconds_count", tag))
                    .as("batch time of %s", projection)
                    .hasSize(1);
        }
        assertThat(after.sum("atrium_projection_position", Map.of("projection", "catalogue")))
                .isPositive();
        assertThat(delta(
                        before,
                        after,
                        "atrium_projection_batch_duration_seconds_count",
                        Map.of("projection", "catalogue")))
                .isGreaterThanOrEqualTo(1);

        // Host apps' requests by outcome.
        assertThat(delta(before, after, "atrium_manifest_requests_total", Map.of("outcome", "ok")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "atrium_manifest_requests_total", Map.of("outcome", "unauthorized")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "atrium_package_requests_total", Map.of("outcome", "ok")))
                .isGreaterThanOrEqualTo(1);

        // What the sandbox refused during crawls: every kind is there from the start, counted or not.
        assertThat(after.samples("atrium_sandbox_violations_total"))
                .extracting(s -> s.labels().get("kind"))
                .contains("instruction_budget", "escape", "policy");
        assertThat(after.samples("atrium_policy_denials_total"))
                .extracting(s -> s.labels().get("kind"))
                .containsExactlyInAnyOrder("network", "scope", "api");
        assertThat(after.samples("atrium_crawl_failures_total")).isNotEmpty();

        // Search, timed by backend.
        assertThat(delta(before, after, "atrium_search_query_duration_seconds_count", Map.of("backend", "lucene")))
                .isGreaterThanOrEqualTo(1);
        histogramIsConsistent(after, "atrium_search_query_duration_seconds", Map.of("backend", "lucene"));

        // No tag carries an id: nothing of this run's mini-program, host app or keys is in the scrape.
        String text = scrapeText();
        assertThat(text).doesNotContain(mp, host);

        // The dashboard queries only what a node exports: this one, or a cluster node on Kafka. The GC
        // pause timer appears with the first collection, which a JVM early in the suite may not have
        // had yet (CI ran this class second): one is asked for, and its notification awaited.
        System.gc();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> scrape().familyOf("jvm_gc_pause_seconds_sum").isPresent());
        PrometheusScrape exported = scrape();
        Set<String> queried = Dashboard.metrics();
        assertThat(queried).contains("atrium_commands_total");
        List<String> missing = new ArrayList<>();
        for (String name : queried) {
            if (!KAFKA_ONLY.contains(name) && exported.familyOf(name).isEmpty()) {
                missing.add(name);
            }
        }
        assertThat(missing)
                .as("metrics the dashboard queries that the server does not export")
                .isEmpty();
    }

    /** Buckets that only grow, the last one (+Inf) equal to the count. */
    static void histogramIsConsistent(PrometheusScrape scrape, String family, Map<String, String> tags) {
        List<PrometheusScrape.Sample> buckets = scrape.samples(family + "_bucket", tags);
        assertThat(buckets).as("buckets of %s %s", family, tags).isNotEmpty();
        List<PrometheusScrape.Sample> sorted = new ArrayList<>(buckets);
        sorted.sort(java.util.Comparator.comparingDouble(s -> le(s.labels().get("le"))));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).value())
                    .isGreaterThanOrEqualTo(sorted.get(i - 1).value());
        }
        PrometheusScrape.Sample last = sorted.get(sorted.size() - 1);
        assertThat(last.labels().get("le")).isEqualTo("+Inf");
        assertThat(last.value()).isEqualTo(scrape.sum(family + "_count", tags)).isPositive();
    }

    private static double le(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static double delta(
            PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private String scrapeText() {
        byte[] body = client().get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(java.util.Objects.requireNonNull(body), StandardCharsets.UTF_8);
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(scrapeText());
    }
}
