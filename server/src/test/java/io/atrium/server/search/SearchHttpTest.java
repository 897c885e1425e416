package io.atrium.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.packaging.Zips;
import io.atrium.search.crawler.SearchIndexer;
import io.atrium.search.index.SearchIndex;
import io.atrium.server.http.HttpTestSupport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** From a release event to a ranked, highlighted, host-scoped search result, on the single-node server (embedded Lucene). */
class SearchHttpTest extends HttpTestSupport {

    private String dev;
    private String reviewer;
    private String ops;
    private String reader;
    private String mp;
    private String host;
    private String otherHost;

    @Autowired
    private SearchIndexer indexer;

    @Autowired
    private SearchIndex index;

    static byte[] teaShop(String version, String special) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                "{\"pages\": [\"pages/index/index\", \"pages/item/item\"], \"window\": {\"navigationBarTitleText\": \"Tea House\"}}");
        files.put("app.js", "App({});");
        files.put(
                "pages/index/index.js",
                "Page({ data: { items: [{id: 1, name: 'Longjing'}, {id: 2, name: 'Tieguanyin'}] } });");
        files.put(
                "pages/index/index.fxml",
                "<view><text class=\"title\">Teas of " + version + "</text>"
                        + "<navigator ft:for=\"{{items}}\" ft:key=\"id\" url=\"/pages/item/item?id={{item.id}}\">{{item.name}}</navigator>"
                        + "<text>" + special + "</text></view>");
        files.put(
                "pages/item/item.js",
                "Page({ data: {}, onLoad(q) { this.setData({ id: q.id || 'none',"
                        + " note: q.id === '1' ? '西湖龙井 green tea from Hangzhou' : 'oolong tea from Anxi' }); } });");
        files.put("pages/item/item.fxml", "<view><text class=\"title\">Tea {{id}}</text><text>{{note}}</text></view>");
        return Zips.zipText(files);
    }

    @BeforeEach
    void releasedAndAssociated() {
        dev = issueKey("developer");
        reviewer = issueKey("reviewer");
        ops = issueKey("operator");
        reader = issueKey("developer");
        mp = body(post(
                                "/api/v1/mini-programs",
                                dev,
                                Map.of(
                                        "name",
                                        "Tea House",
                                        "description",
                                        "Loose-leaf teas, brewed your way",
                                        "category",
                                        "food",
                                        "tags",
                                        List.of("tea", "shop")))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        release("1.0.0", "springtime harvest");
        host = body(post("/api/v1/host-apps", ops, Map.of("name", "Search host"))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        otherHost = body(post("/api/v1/host-apps", ops, Map.of("name", "Other host"))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
    }

    private void release(String version, String special) {
        upload(mp, dev, version, teaShop(version, special)).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/" + version + "/submit", dev, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/" + version + "/approve", reviewer, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", version))
                .expectStatus()
                .isAccepted();
    }

    private JsonNode search(String query) {
        return body(client().get()
                .uri("/api/v1/search?" + query)
                .header("Authorization", "Bearer " + reader)
                .exchange()
                .expectStatus()
                .isOk());
    }

    private JsonNode eventually(String query, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = search(query);
                    return condition.test(last[0]);
                });
        return last[0];
    }

    @Test
    void aReleaseIsCrawledAndFoundByWhatItsPagesShow() {
        JsonNode found =
                eventually("q=longjing&hostApp=" + host, r -> r.get("total").asInt() > 0);
        assertThat(found.at("/hits/0/miniProgramId").asText()).isEqualTo(mp);
        assertThat(found.at("/hits/0/version").asText()).isEqualTo("1.0.0");
        JsonNode green =
                eventually("q=hangzhou&hostApp=" + host, r -> r.get("total").asInt() > 0);
        assertThat(green.at("/hits/0/page").asText()).isEqualTo("pages/item/item?id=1");
        assertThat(green.at("/hits/0/highlights").toString()).contains("<em>Hangzhou</em>");
        // Chinese words match Chinese text.
        assertThat(search("q=龙井&hostApp=" + host).at("/hits/0/page").asText()).isEqualTo("pages/item/item?id=1");
        // Name and filters.
        assertThat(search("q=tea&hostApp=" + host + "&category=food&tags=tea,shop")
                        .get("total")
                        .asInt())
                .isGreaterThan(0);
        assertThat(search("q=tea&hostApp=" + host + "&category=tools")
                        .get("total")
                        .asInt())
                .isZero();
        // Scoped to the host app the mini-program is associated with.
        assertThat(search("q=longjing&hostApp=" + otherHost).get("total").asInt())
                .isZero();
        // Suggestions complete names.
        JsonNode suggestions = body(client().get()
                .uri("/api/v1/search/suggest?q=tea h&hostApp=" + host)
                .header("Authorization", "Bearer " + reader)
                .exchange()
                .expectStatus()
                .isOk());
        assertThat(suggestions.get("suggestions").toString()).contains("Tea House");
        // The crawl is on record with its progress.
        JsonNode crawls = body(client().get()
                .uri("/api/v1/search/crawls?miniProgramId=" + mp)
                .header("Authorization", "Bearer " + reader)
                .exchange()
                .expectStatus()
                .isOk());
        assertThat(crawls.at("/crawls/0/state").asText()).isEqualTo("done");
        assertThat(crawls.at("/crawls/0/pagesDone").asInt()).isEqualTo(4);
        String crawlId = crawls.at("/crawls/0/id").asText();
        String events = client().get()
                .uri("/api/v1/search/crawls/" + crawlId + "/progress")
                .header("Authorization", "Bearer " + reader)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(10))
                .toString();
        assertThat(events).contains("\"state\":\"done\"").contains("\"pagesDone\":4");
    }

    @Test
    void delistingRemovesItAndANewReleaseReplacesTheOldPages() {
        eventually("q=springtime&hostApp=" + host, r -> r.get("total").asInt() > 0);
        post("/api/v1/mini-programs/" + mp + "/delist", ops, Map.of("reason", "audit"))
                .expectStatus()
                .isAccepted();
        eventually("q=springtime&hostApp=" + host, r -> r.get("total").asInt() == 0);
        post("/api/v1/mini-programs/" + mp + "/relist", ops, null)
                .expectStatus()
                .isAccepted();
        eventually("q=springtime&hostApp=" + host, r -> r.get("total").asInt() > 0);

        release("2.0.0", "autumn flush");
        eventually("q=autumn&hostApp=" + host, r -> r.get("total").asInt() > 0);
        assertThat(search("q=springtime&hostApp=" + host).get("total").asInt()).isZero();
        assertThat(search("q=longjing&hostApp=" + host).at("/hits/0/version").asText())
                .isEqualTo("2.0.0");

        send(HttpMethod.DELETE, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
        eventually("q=autumn&hostApp=" + host, r -> r.get("total").asInt() == 0);
    }

    @Test
    void aDelistingLeavesResultsOnceProjectedEvenWhileTheIndexerIsBehind() {
        eventually("q=springtime&hostApp=" + host, r -> r.get("total").asInt() > 0);
        indexer.pause();
        try {
            long at = body(post("/api/v1/mini-programs/" + mp + "/delist", ops, Map.of("reason", "audit"))
                            .expectStatus()
                            .isAccepted())
                    .get("position")
                    .asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> searchProjectionPosition() >= at);
            assertThat(search("q=springtime&hostApp=" + host).get("total").asInt())
                    .isZero();
            JsonNode suggestions = body(client().get()
                    .uri("/api/v1/search/suggest?q=tea&hostApp=" + host)
                    .header("Authorization", "Bearer " + reader)
                    .exchange()
                    .expectStatus()
                    .isOk());
            assertThat(suggestions.get("suggestions")).isEmpty();
            // The index itself still holds the pages: the withholding did it.
            assertThat(index.pages("default", mp)).isNotEmpty();

            long dissociated = body(send(
                                    HttpMethod.DELETE, "/api/v1/host-apps/" + host + "/mini-programs/" + mp, ops, null)
                            .expectStatus()
                            .isAccepted())
                    .get("position")
                    .asLong();
            post("/api/v1/mini-programs/" + mp + "/relist", ops, null)
                    .expectStatus()
                    .isAccepted();
            await().atMost(Duration.ofSeconds(10)).until(() -> searchProjectionPosition() > dissociated);
            // Listed again but no longer associated with this host: still withheld.
            assertThat(search("q=springtime&hostApp=" + host).get("total").asInt())
                    .isZero();
        } finally {
            indexer.resume();
        }
        assertThat(index.pages("default", mp)).isNotEmpty();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> index.search(new io.atrium.search.index.SearchQuery(
                                        "default", host, "springtime", null, List.of(), 0, 10))
                                .total()
                        == 0);
    }

    private long searchProjectionPosition() {
        JsonNode all = body(client().get()
                .uri("/api/v1/admin/projections")
                .header("Authorization", "Bearer " + OWNER_KEY)
                .exchange()
                .expectStatus()
                .isOk());
        for (JsonNode p : all.get("projections")) {
            if (p.get("name").asText().equals("search")) {
                return p.get("position").asLong();
            }
        }
        throw new AssertionError("no search projection in " + all);
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        String[][] cases = {
            {"hostApp=" + "h", "q"},
            {"q=tea", "hostApp"},
            {"q=tea&hostApp=h1&hostAppId=h2", "hostAppId"},
            {"q=tea&hostApp=h&size=0", "size"},
            {"q=tea&hostApp=h&page=x", "page"},
            {"q=" + "x".repeat(101) + "&hostApp=h", "q"},
            {"q=tea&hostApp=h&category=Bad!", "category"},
            {"q=tea&hostApp=../x", "hostApp"},
        };
        for (String[] c : cases) {
            JsonNode problem = problem(
                    client().get()
                            .uri("/api/v1/search?" + c[0])
                            .header("Authorization", "Bearer " + reader)
                            .exchange(),
                    400,
                    "invalid-input");
            assertThat(problem.toString()).as(c[0]).contains(c[1]);
        }
        problem(client().get().uri("/api/v1/search?q=tea&hostApp=h").exchange(), 401, "unauthenticated");
    }
}
