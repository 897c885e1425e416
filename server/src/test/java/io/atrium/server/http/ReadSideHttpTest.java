package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.query.audit.AuditController;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;

/** Command in, read model out: every read endpoint, with read-your-writes, ETags, filters, paging and time travel. */
class ReadSideHttpTest extends HttpTestSupport {

    @Autowired
    @Qualifier("queryDatabase")
    DatabaseClient readModel;

    private String dev;
    private String reviewer;
    private String ops;
    private String auditor;

    @BeforeEach
    void keys() {
        dev = issueKey("developer");
        reviewer = issueKey("reviewer");
        ops = issueKey("operator");
        auditor = issueKey("auditor");
    }

    private JsonNode read(String path, String key) {
        return body(send(HttpMethod.GET, path, key, null).expectStatus().isOk());
    }

    @Test
    void readsItsOwnWritesThroughMinPosition() {
        JsonNode created = body(
                post("/api/v1/mini-programs", dev, Map.of("name", "Fresh", "category", "tools", "tags", List.of("new")))
                        .expectStatus()
                        .isAccepted());
        String id = created.get("id").asText();
        JsonNode mp = read(
                "/api/v1/mini-programs/" + id + "?minPosition="
                        + created.get("position").asLong(),
                dev);
        assertThat(mp.get("name").asText()).isEqualTo("Fresh");
        assertThat(mp.get("tags")).hasSize(1);
        assertThat(mp.get("position").asLong())
                .isEqualTo(created.get("position").asLong());
    }

    @Test
    void answers503WithRetryAfterWhenTheReadModelCannotReachThePositionInTime() {
        JsonNode problem = problem(
                client().get()
                        .uri("/api/v1/mini-programs?minPosition=999999999")
                        .header("Authorization", "Bearer " + dev)
                        .exchange()
                        .expectHeader()
                        .valueEquals("Retry-After", "1"),
                503,
                "not-yet-readable");
        assertThat(problem.get("detail").asText()).contains("999999999");
    }

    @Test
    void showsVersionsWithTheirReviewStateAndTheReleases() {
        String mp = createMiniProgram(dev);
        approvedVersion(mp, dev, reviewer, "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        upload(mp, dev, "1.1.0", samplePackage()).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.1.0/submit", dev, null)
                .expectStatus()
                .isAccepted();
        long last = body(post(
                                "/api/v1/mini-programs/" + mp + "/versions/1.1.0/reject",
                                reviewer,
                                Map.of("reason", "too slow"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode versions = read("/api/v1/mini-programs/" + mp + "/versions?minPosition=" + last, dev)
                .get("items");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("state").asText()).isEqualTo("released");
        assertThat(versions.get(0).get("sealed").asBoolean()).isTrue();
        assertThat(versions.get(1).get("state").asText()).isEqualTo("rejected");
        assertThat(versions.get(1).get("rejectionReason").asText()).isEqualTo("too slow");
        JsonNode detail = read("/api/v1/mini-programs/" + mp, dev);
        assertThat(detail.get("currentVersion").asText()).isEqualTo("1.0.0");
    }

    @Test
    void listsFiltersAndPagesTheCatalogue() {
        String tag = "t" + System.nanoTime();
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = body(post(
                                    "/api/v1/mini-programs",
                                    dev,
                                    Map.of("name", "Paged " + tag + " " + i, "category", "paging"))
                            .expectStatus()
                            .isAccepted())
                    .get("position")
                    .asLong();
        }
        JsonNode page0 = read("/api/v1/mini-programs?q=" + tag + "&size=2&page=0&minPosition=" + last, dev);
        JsonNode page2 = read("/api/v1/mini-programs?q=" + tag + "&size=2&page=2", dev);
        assertThat(page0.get("total").asLong()).isEqualTo(5);
        assertThat(page0.get("items")).hasSize(2);
        assertThat(page2.get("items")).hasSize(1);
        assertThat(page2.get("total").asLong()).isEqualTo(5);
        // Past the last page: no items, and still the total.
        JsonNode page3 = read("/api/v1/mini-programs?q=" + tag + "&size=2&page=3", dev);
        assertThat(page3.get("items")).isEmpty();
        assertThat(page3.get("total").asLong()).isEqualTo(5);
        assertThat(page0.get("items").get(0).get("name").asText()).endsWith(" 4");
        assertThat(read("/api/v1/mini-programs?category=paging&state=listed&q=" + tag, dev)
                        .get("total")
                        .asLong())
                .isEqualTo(5);
        assertThat(read("/api/v1/mini-programs?state=delisted&q=" + tag, dev)
                        .get("total")
                        .asLong())
                .isZero();
        problem(send(HttpMethod.GET, "/api/v1/mini-programs?size=1000", dev, null), 400, "invalid-input");
        problem(send(HttpMethod.GET, "/api/v1/mini-programs?state=gone", dev, null), 400, "invalid-input");
    }

    @Test
    void answersNotModifiedForAnUnchangedETag() {
        JsonNode created = body(post("/api/v1/mini-programs", dev, Map.of("name", "Tagged"))
                .expectStatus()
                .isAccepted());
        String mp = created.get("id").asText();
        var first = client().get()
                .uri("/api/v1/mini-programs/" + mp + "?minPosition="
                        + created.get("position").asLong())
                .header("Authorization", "Bearer " + dev)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class);
        String etag = first.getResponseHeaders().getETag();
        assertThat(etag).isNotBlank();
        client().get()
                .uri("/api/v1/mini-programs/" + mp)
                .header("Authorization", "Bearer " + dev)
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isNotModified();
        long changed = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "changed"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        client().get()
                .uri("/api/v1/mini-programs/" + mp + "?minPosition=" + changed)
                .header("Authorization", "Bearer " + dev)
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void readsHostApps() {
        String mp = createMiniProgram(dev);
        String ha = body(post(
                                "/api/v1/host-apps",
                                ops,
                                Map.of("name", "Reader", "bundleIds", List.of("com.example.reader")))
                        .expectStatus()
                        .isAccepted())
                .get("id")
                .asText();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + ha + "/domains", ops, Map.of("domains", List.of("api.example.com")))
                .expectStatus()
                .isAccepted();
        send(HttpMethod.PUT, "/api/v1/host-apps/" + ha + "/mini-programs/" + mp, ops, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/host-apps/" + ha + "/custom-apis", ops, Map.of("name", "getWallet", "description", "wallet"))
                .expectStatus()
                .isAccepted();
        post("/api/v1/host-apps/" + ha + "/menus", ops, Map.of("name", "share", "title", "Share"))
                .expectStatus()
                .isAccepted();
        long last = body(send(
                                HttpMethod.PUT,
                                "/api/v1/host-apps/" + ha + "/grants/" + mp,
                                ops,
                                Map.of(
                                        "apis",
                                        List.of("getWallet"),
                                        "menus",
                                        List.of("share"),
                                        "scopes",
                                        List.of("scope.userInfo")))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode app = read("/api/v1/host-apps/" + ha + "?minPosition=" + last, auditor);
        assertThat(app.get("bundleIds").get(0).asText()).isEqualTo("com.example.reader");
        assertThat(app.get("domains").get(0).asText()).isEqualTo("api.example.com");
        assertThat(app.get("customApis").get(0).get("name").asText()).isEqualTo("getWallet");
        assertThat(app.get("menus").get(0).get("label").asText()).isEqualTo("Share");
        JsonNode grant = app.get("miniPrograms").get(0);
        assertThat(grant.get("miniProgramId").asText()).isEqualTo(mp);
        assertThat(grant.get("apis").get(0).asText()).isEqualTo("getWallet");
        assertThat(grant.get("scopes").get(0).asText()).isEqualTo("scope.userInfo");
        assertThat(read("/api/v1/host-apps?size=100", ops).get("total").asLong())
                .isPositive();
        problem(send(HttpMethod.GET, "/api/v1/host-apps/ha-01jd0000000000000000000000", ops, null), 404, "not-found");
    }

    @Test
    void refusesReadsWithoutAKeyAndTheLogToRolesThatMayNotReadIt() {
        problem(send(HttpMethod.GET, "/api/v1/mini-programs", null, null), 401, "unauthenticated");
        problem(send(HttpMethod.GET, "/api/v1/audit/events", dev, null), 403, "forbidden");
        problem(send(HttpMethod.GET, "/api/v1/audit/verify", ops, null), 403, "forbidden");
        problem(send(HttpMethod.GET, "/api/v1/audit/export", reviewer, null), 403, "forbidden");
        problem(
                send(HttpMethod.GET, "/api/v1/mini-programs/mp-01jd0000000000000000000000", dev, null),
                404,
                "not-found");
    }

    @Test
    void travelsInTime() throws Exception {
        String mp = createMiniProgram(dev);
        send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("name", "Before"))
                .expectStatus()
                .isAccepted();
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        long last = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("name", "After"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode then = read("/api/v1/mini-programs/" + mp + "?asOf=" + between + "&minPosition=" + last, dev);
        JsonNode now = read("/api/v1/mini-programs/" + mp + "?minPosition=" + last, dev);
        JsonNode asOfNow =
                read("/api/v1/mini-programs/" + mp + "?asOf=" + Instant.now().plusSeconds(1), dev);
        assertThat(then.get("name").asText()).isEqualTo("Before");
        assertThat(now.get("name").asText()).isEqualTo("After");
        assertThat(asOfNow).as("the fold of the log equals the catalogue row").isEqualTo(now);
        problem(
                send(HttpMethod.GET, "/api/v1/mini-programs/" + mp + "?asOf=2001-01-01T00:00:00Z", dev, null),
                404,
                "not-found");
        problem(
                send(HttpMethod.GET, "/api/v1/mini-programs/" + mp + "?asOf=yesterday", dev, null),
                400,
                "invalid-input");
    }

    @Test
    void queriesTheOperationLogByActorAggregateTypeAndTimeWithCursorPaging() {
        String mp = createMiniProgram(dev);
        send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "one"))
                .expectStatus()
                .isAccepted();
        long last = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "two"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        JsonNode all = read("/api/v1/audit/events?aggregateId=" + mp + "&minPosition=" + last, auditor)
                .get("items");
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("eventType").asText()).isEqualTo("atrium.miniprogram.MiniProgramCreated");
        assertThat(all.get(0).get("commandName").asText()).isEqualTo("CreateMiniProgram");
        assertThat(all.get(0).get("clientAddress").asText()).isNotBlank();
        String devActor = all.get(0).get("actor").asText();
        JsonNode typed = read(
                        "/api/v1/audit/events?aggregateId=" + mp + "&type=atrium.miniprogram.MiniProgramDetailsUpdated",
                        auditor)
                .get("items");
        assertThat(typed).hasSize(2);
        // The simple class name entries were filed under before stable names finds the same entries.
        assertThat(read("/api/v1/audit/events?aggregateId=" + mp + "&type=MiniProgramDetailsUpdated", auditor)
                        .get("items"))
                .hasSize(2);
        JsonNode firstPage = read("/api/v1/audit/events?aggregateId=" + mp + "&limit=2", auditor);
        assertThat(firstPage.get("items")).hasSize(2);
        JsonNode secondPage = read(
                "/api/v1/audit/events?aggregateId=" + mp + "&limit=2&after="
                        + firstPage.get("next").asLong(),
                auditor);
        assertThat(secondPage.get("items")).hasSize(1);
        assertThat(secondPage.get("next").isNull()).isTrue();
        assertThat(read("/api/v1/audit/events?actor=" + devActor + "&aggregateId=" + mp, auditor)
                        .get("items"))
                .hasSize(3);
        String from = all.get(1).get("occurredAt").asText();
        assertThat(read("/api/v1/audit/events?aggregateId=" + mp + "&from=" + from, auditor)
                        .get("items"))
                .hasSizeBetween(1, 2);
        assertThat(read("/api/v1/audit/events?aggregateId=" + mp + "&to=2001-01-01T00:00:00Z", auditor)
                        .get("items"))
                .isEmpty();
    }

    @Test
    void exportsTheLogAsNdjsonAndCsv() throws Exception {
        String mp = createMiniProgram(dev);
        long last = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "x,\"y\""))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        read("/api/v1/audit/events?minPosition=" + last + "&limit=1", auditor);
        String ndjson = client().get()
                .uri("/api/v1/audit/export?format=ndjson&aggregateId=" + mp)
                .header("Authorization", "Bearer " + auditor)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/x-ndjson")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String[] lines = ndjson.strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[1])
                        .get("payload")
                        .get("details")
                        .get("description")
                        .asText())
                .isEqualTo("x,\"y\"");
        String csv = client().get()
                .uri("/api/v1/audit/export?format=csv&aggregateId=" + mp)
                .header("Authorization", "Bearer " + auditor)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(csv.split("\r\n")).hasSize(3);
        // The JSON escape of the quote, then CSV's doubling of every quote.
        assertThat(csv).startsWith("seq,position,occurredAt").contains("x,\\\"\"y\\\"\"");
        problem(send(HttpMethod.GET, "/api/v1/audit/export?format=xml", auditor, null), 400, "invalid-input");
    }

    @Test
    void verifiesTheChainAndFindsATamperedRow() {
        String mp = createMiniProgram(dev);
        long last = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "honest"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        read("/api/v1/audit/events?minPosition=" + last + "&limit=1", auditor);
        assertThat(read("/api/v1/audit/verify", auditor).get("valid").asBoolean())
                .isTrue();
        Long seq = readModel
                .sql("SELECT seq FROM audit_log WHERE position = :p")
                .bind("p", last)
                .map(r -> r.get("seq", Long.class))
                .one()
                .block();
        String original = readModel
                .sql("SELECT payload FROM audit_log WHERE seq = :s")
                .bind("s", seq)
                .map(r -> r.get("payload", String.class))
                .one()
                .block();
        try {
            readModel
                    .sql("UPDATE audit_log SET payload = :p WHERE seq = :s")
                    .bind("p", original.replace("honest", "forged"))
                    .bind("s", seq)
                    .then()
                    .block();
            JsonNode verdict = read("/api/v1/audit/verify", auditor);
            assertThat(verdict.get("valid").asBoolean()).isFalse();
            assertThat(verdict.get("brokenAtSeq").asLong()).isEqualTo(seq);
            assertThat(verdict.get("reason").asText()).contains("does not match its hash");
        } finally {
            readModel
                    .sql("UPDATE audit_log SET payload = :p WHERE seq = :s")
                    .bind("p", original)
                    .bind("s", seq)
                    .then()
                    .block();
        }
        assertThat(read("/api/v1/audit/verify", auditor).get("valid").asBoolean())
                .isTrue();
    }

    @Test
    void streamsLiveEventsAfterAPosition() {
        String mp = createMiniProgram(dev);
        long first = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "1"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        long second = body(send(HttpMethod.PATCH, "/api/v1/mini-programs/" + mp, dev, Map.of("description", "2"))
                        .expectStatus()
                        .isAccepted())
                .get("position")
                .asLong();
        List<String> ids = client().get()
                .uri("/api/v1/events/stream?after=" + first)
                .header("Authorization", "Bearer " + auditor)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(
                        new org.springframework.core.ParameterizedTypeReference<
                                org.springframework.http.codec.ServerSentEvent<String>>() {})
                .getResponseBody()
                .filter(e -> e.id() != null)
                // The security log appends in the background (this feed's own read is one): the first change after
                // the position asked for is the second update, whatever security records came between.
                .filter(e -> e.event() != null && !e.event().startsWith("atrium.security."))
                .take(1)
                .map(e -> e.event() + "@" + e.id())
                .collectList()
                .block(java.time.Duration.ofSeconds(10));
        assertThat(ids).hasSize(1);
        assertThat(ids.get(0)).isEqualTo("atrium.miniprogram.MiniProgramDetailsUpdated@" + second);
    }

    @Test
    void aLiveFeedOpensAtOnceEvenWithNothingToSend() {
        // From the end of the log, so nothing is due: the first element must be the feed's own opening
        // comment, which is what sends the answer's status and headers. Before it, a quiet tenant's client
        // learnt the feed was open only with the first heartbeat, and any security record came first.
        ServerSentEvent<String> first = client().get()
                .uri("/api/v1/events/stream")
                .header("Authorization", "Bearer " + auditor)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .next()
                .block(java.time.Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        assertThat(first.comment()).isEqualTo("open");
        assertThat(first.id()).isNull();
        assertThat(first.data()).isNull();
    }

    /** Follows a live feed in the background: done when the server ends it. */
    private CompletableFuture<Void> follow(String key, List<Disposable> toDispose) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        toDispose.add(client().get()
                .uri("/api/v1/events/stream")
                .header("Authorization", "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .subscribe(e -> {}, ended::completeExceptionally, () -> ended.complete(null)));
        return ended;
    }

    @Test
    void aLiveFeedEndsSoonAfterItsKeyIsRevokedAndOnlyThen() throws Exception {
        String revokedKey = issueKey("auditor");
        List<Disposable> feeds = new ArrayList<>();
        try {
            CompletableFuture<Void> revokedFeed = follow(revokedKey, feeds);
            CompletableFuture<Void> keptFeed = follow(auditor, feeds);
            // Both stay open past two re-checks of their keys, with events flowing.
            createMiniProgram(dev);
            Thread.sleep(AuditController.LIVE_FEED_KEY_CHECK
                    .multipliedBy(2)
                    .plusSeconds(1)
                    .toMillis());
            assertThat(revokedFeed).isNotDone();
            assertThat(keptFeed).isNotDone();
            String id = jdbc.queryForObject(
                    "SELECT id FROM api_key WHERE secret_sha256 = ?", String.class, ApiKeyTable.sha256(revokedKey));
            send(HttpMethod.DELETE, "/api/v1/api-keys/" + id, OWNER_KEY, null)
                    .expectStatus()
                    .isAccepted();
            // Ends within the re-check bound (plus the projection's lag); the timeout is generous on purpose.
            revokedFeed.get(AuditController.LIVE_FEED_KEY_CHECK.multipliedBy(5).toSeconds(), TimeUnit.SECONDS);
            createMiniProgram(dev);
            Thread.sleep(AuditController.LIVE_FEED_KEY_CHECK.toMillis());
            assertThat(keptFeed).isNotDone();
        } finally {
            feeds.forEach(Disposable::dispose);
        }
    }

    @Test
    void aMembersLiveFeedEndsSoonAfterTheMemberLogsOut() throws Exception {
        String email = "feed-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "a long and private passphrase 9";
        JsonNode invitation = body(send(
                        HttpMethod.POST,
                        "/api/v1/members",
                        OWNER_KEY,
                        java.util.Map.of("email", email, "displayName", "Feed", "roles", List.of("auditor")))
                .expectStatus()
                .isAccepted());
        send(
                        HttpMethod.POST,
                        "/api/v1/auth/invitations/accept",
                        null,
                        java.util.Map.of(
                                "token", invitation.get("invitationToken").asText(), "password", password))
                .expectStatus()
                .isOk();
        JsonNode tokens = body(send(
                        HttpMethod.POST,
                        "/api/v1/auth/login",
                        null,
                        java.util.Map.of("tenant", "default", "email", email, "password", password))
                .expectStatus()
                .isOk());
        List<Disposable> feeds = new ArrayList<>();
        try {
            CompletableFuture<Void> feed = follow(tokens.get("accessToken").asText(), feeds);
            createMiniProgram(dev);
            Thread.sleep(AuditController.LIVE_FEED_KEY_CHECK
                    .multipliedBy(2)
                    .plusSeconds(1)
                    .toMillis());
            assertThat(feed).as("open while the login lasts").isNotDone();
            send(
                            HttpMethod.POST,
                            "/api/v1/auth/logout",
                            null,
                            java.util.Map.of(
                                    "refreshToken", tokens.get("refreshToken").asText()))
                    .expectStatus()
                    .isOk();
            feed.get(AuditController.LIVE_FEED_KEY_CHECK.multipliedBy(5).toSeconds(), TimeUnit.SECONDS);
        } finally {
            feeds.forEach(Disposable::dispose);
        }
    }

    @Test
    void reportsProjectionStatusToAdminsOnly() {
        JsonNode status = read("/api/v1/admin/projections", OWNER_KEY);
        assertThat(status.get("projections"))
                .extracting(p -> p.get("name").asText())
                .contains("audit-log", "catalogue", "host-apps", "api-keys");
        assertThat(status.get("projections").get(0).get("state").asText()).isIn("running", "replaying");
        problem(send(HttpMethod.GET, "/api/v1/admin/projections", auditor, null), 403, "forbidden");
    }
}
