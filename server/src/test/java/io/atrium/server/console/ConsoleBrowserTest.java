package io.atrium.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.packaging.Zips;
import io.atrium.server.http.HttpTestSupport;
import io.atrium.testing.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The console in real headless Chromium against the running server, one test per role's main flow.
 * Every page visited passes axe-core's WCAG A/AA rules with no serious or critical violation, the
 * browser's console shows no error the step did not provoke, and each test keeps a screenshot of its
 * last step in target/console-screenshots.
 */
@Tag("browser")
class ConsoleBrowserTest extends HttpTestSupport {

    private static final String PASSWORD = "Console-Test-Passphrase-42";
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    private Chromium browser;
    private String testName;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        testName = info.getTestMethod().orElseThrow().getName();
        browser = new Chromium();
        browser.viewport(1280, 900, false);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            Files.createDirectories(SHOTS);
            browser.screenshot(SHOTS.resolve(testName + ".png"));
        } finally {
            browser.close();
        }
    }

    // ---- the flows ----

    @Test
    void aDeveloperCreatesAMiniProgramAndUploadsTwoVersionsOneRefused() throws Exception {
        String email = member("developer");
        signInAsMember(email);
        page("#/programs");
        checkAccessibility("the mini-program list");

        browser.click("#new-name");
        browser.type("Console Weather " + UUID.randomUUID().toString().substring(0, 6));
        browser.click("#new-description");
        browser.type("Forecasts, from the console");
        browser.click("#new-tags");
        browser.type("weather, tools");
        browser.click("form button.primary");
        // The console opens the new mini-program once the read side has it.
        browser.waitFor("location.hash.startsWith('#/programs/mp-')", JsonNode::asBoolean);
        browser.waitFor("!!document.querySelector('#upload-title')", JsonNode::asBoolean);
        checkAccessibility("a mini-program's page");

        // The icon: a wide image is refused with the API's reason; a square PNG is then shown in the title.
        browser.files("#icon-file", List.of(tempFile("wide", ".png", image("png", 200, 100, 0))));
        JsonNode iconRefusal = browser.waitFor(
                "(document.querySelector('#icon-title').parentElement.querySelector('.problem') || {}).innerText",
                JsonNode::isTextual);
        assertThat(iconRefusal.asText()).contains("square");
        browser.files("#icon-file", List.of(tempFile("icon", ".png", iconImage("png", 144, 0x2f6fdf))));
        browser.waitFor("!!document.querySelector('h1 img.icon')", JsonNode::asBoolean);
        assertThat(browser.eval("document.querySelector('#icon-title').parentElement.innerText")
                        .asText())
                .contains("144 × 144");

        // First upload: a package without app.json, refused with the rule named.
        Path bad = zipFile("no-app-json", Zips.without("app.json"));
        browser.click("#version");
        browser.type("1.0.0");
        browser.files("#package", List.of(bad));
        browser.click("#upload-title + form button.primary");
        JsonNode refusal = browser.waitFor(
                "(document.querySelector('#upload-title + form .problem') || {}).innerText", JsonNode::isTextual);
        assertThat(refusal.asText()).contains("package.app-json-missing").contains("app.json");
        assertThat(browser.eval("document.querySelector('#upload-title + form .drop').classList.contains('invalid')")
                        .asBoolean())
                .isTrue();

        // Second: the sample, accepted with a progress bar at 100 %, then submitted for review.
        Path good = zipFile("sample", Zips.sample());
        browser.files("#package", List.of(good));
        browser.click("#upload-title + form button.primary");
        browser.waitFor(
                "document.querySelector('.progress .percent') && document.querySelector('.progress .percent').innerText",
                v -> v.asText().equals("100 %"));
        versionState("1.0.0", "uploaded");
        browser.click("tr[data-version='1.0.0'] button.submit");
        versionState("1.0.0", "in review");
        checkAccessibility("a mini-program with a version in review");

        Files.createDirectories(SHOTS);
        browser.eval("window.scrollTo(0, 0)");
        browser.screenshot(SHOTS.resolve(testName + "-1280.png"));

        // The same page on a phone-wide screen: nothing wider than the screen.
        browser.viewport(390, 844, true);
        assertThat(browser.eval("document.documentElement.scrollWidth").asInt(Integer.MAX_VALUE))
                .isLessThanOrEqualTo(390);
        checkAccessibility("a mini-program's page, 390 px wide");
        noConsoleErrorsBut("400 (Bad Request)");
    }

    @Test
    void aReviewerApprovesWhileTheUploaderCannot() throws Exception {
        // One member holds both develop and review: four eyes must stop them approving their own upload.
        String both = member("developer", "reviewer");
        String reviewer = member("reviewer");
        String bothKey = memberToken(both);
        String mp = createMiniProgram(bothKey);
        // 1.0.0 is released; 2.0.0 changes one script, and the reviewer reads the change.
        approvedVersion(mp, bothKey, issueKey("reviewer"), "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", issueKey("operator"), Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        byte[] changed = Zips.with(
                "pages/index/index.js",
                "Page({ data: { title: 'Bonjour' }, tap() { this.setData({ title: 'Tapped' }) } })"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        upload(mp, bothKey, "2.0.0", changed).expectStatus().isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/2.0.0/submit", bothKey, null)
                .expectStatus()
                .isAccepted();

        signInAsMember(both);
        page("#/programs/" + mp);
        versionState("2.0.0", "in review");
        assertThat(browser.eval("document.querySelector(\"tr[data-version='2.0.0'] button.approve\").disabled")
                        .asBoolean())
                .as("the uploader's approve button is disabled")
                .isTrue();
        assertThat(browser.eval("document.querySelector(\"tr[data-version='2.0.0'] .why\").innerText")
                        .asText())
                .contains("four eyes");
        checkAccessibility("a version the viewer uploaded");
        signOut();

        signInAsMember(reviewer);
        page("#/review");
        browser.waitFor(
                "document.querySelector('main table') && document.querySelector('main table').innerText",
                v -> v.asText().contains("2.0.0"));
        checkAccessibility("the review queue");

        // An access token the API no longer takes (as one that expired while the page sat idle): the
        // console renews it with the refresh token, once, and the page reads on as if nothing happened.
        String before =
                browser.eval("sessionStorage.getItem('atrium.console.session')").asText();
        browser.eval("(() => { const s = JSON.parse(sessionStorage.getItem('atrium.console.session'));"
                + " s.token = 'atma_expired'; sessionStorage.setItem('atrium.console.session', JSON.stringify(s));"
                + " setTimeout(() => location.reload(), 0); })()");
        browser.waitFor(
                "(() => { const s = JSON.parse(sessionStorage.getItem('atrium.console.session') || 'null');"
                        + " return !!s && s.token !== 'atma_expired' && !!document.querySelector('main table'); })()",
                JsonNode::asBoolean);
        JsonNode renewed = JSON.readTree(
                browser.eval("sessionStorage.getItem('atrium.console.session')").asText());
        assertThat(renewed.get("refreshToken").asText())
                .as("the refresh token was spent and replaced")
                .isNotEqualTo(JSON.readTree(before).get("refreshToken").asText());
        assertThat(browser.eval("document.querySelector('main table').innerText")
                        .asText())
                .contains("2.0.0");

        page("#/programs/" + mp);
        versionState("2.0.0", "in review");
        browser.click("tr[data-version='2.0.0'] button.files-open");
        // The one script 2.0.0 changed is marked changed; the files it shares unchanged are not marked.
        JsonNode marks = browser.waitFor(
                "[...document.querySelectorAll('.tree li')].filter(li => li.querySelector('.file-link'))"
                        + ".map(li => li.querySelector('.file-link').dataset.path + '=' + (li.querySelector('[class^=mark-]') || {}).className)",
                v -> v.size() > 1);
        assertThat(marks.toString())
                .contains("pages/index/index.js=mark-changed")
                .contains("app.json=undefined");
        browser.click("button[data-path='pages/index/index.js']");
        JsonNode diff = browser.waitFor(
                "[...document.querySelectorAll('pre.diff span.add, pre.diff span.del')].map(s => s.innerText.trim())",
                v -> v.size() >= 2);
        assertThat(diff.toString())
                .contains("- Page({ data: { title: 'Hello' }")
                .contains("+ Page({ data: { title: 'Bonjour' }");
        checkAccessibility("a version's files and its diff");
        browser.click("tr[data-version='2.0.0'] button.approve");
        versionState("2.0.0", "approved");
        noConsoleErrorsBut("401 (Unauthorized)");
    }

    @Test
    void anOperatorFixesAnInvalidGrayRuleThenPromotesAndRollsBack() throws Exception {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String operator = issueKey("operator");
        String mp = releasedMiniProgram(dev, reviewer, operator);
        approvedVersion(mp, dev, reviewer, "1.1.0");

        signInWithKey(operator);
        page("#/programs/" + mp);
        versionState("1.1.0", "approved");
        browser.waitFor("!!document.querySelector('#gray-title')", JsonNode::asBoolean);

        // A percentage above 100: the rule is marked as it is typed, and the release cannot start.
        browser.click("#g0r0v");
        browser.type("150");
        browser.waitFor(
                "document.querySelector(\"[data-rule='0.0']\").classList.contains('invalid')", JsonNode::asBoolean);
        assertThat(browser.eval("document.querySelector(\"[data-rule='0.0'] .rule-problem\").innerText")
                        .asText())
                .contains("0 to 100");
        assertThat(browser.eval("document.querySelector('.gray form button.primary').disabled")
                        .asBoolean())
                .isTrue();
        checkAccessibility("the gray-release editor with a rule at fault");

        browser.eval("document.getElementById('g0r0v').select()");
        browser.type("20");
        browser.waitFor(
                "document.querySelector(\"[data-rule='0.0']\").classList.contains('invalid')", v -> !v.asBoolean());

        // A second rule on a tag, compared as a number: sent as the JSON number, not the text "0.5".
        browser.click(".gray fieldset.group > button");
        browser.eval("document.getElementById('g0r1a').select()");
        browser.type("tags.score");
        choose("g0r1o", "gt");
        choose("g0r1t", "number");
        browser.click("#g0r1v");
        browser.type("0.5");
        browser.waitFor(
                "document.querySelector(\"[data-rule='0.1']\").classList.contains('invalid')", v -> !v.asBoolean());
        browser.click(".gray form button.primary");
        browser.waitFor(
                "document.querySelector('.gray .plan') && document.querySelector('.gray .plan').innerText",
                v -> v.asText().contains("1.1.0"));
        checkAccessibility("a gray release in force");
        JsonNode rules = body(client().get()
                        .uri("/api/v1/mini-programs/" + mp)
                        .header("Authorization", "Bearer " + operator)
                        .exchange())
                .at("/grayRelease/rules/groups/0/rules");
        assertThat(rules.get(1).get("attribute").asText()).isEqualTo("tags.score");
        assertThat(rules.get(1).get("value").isNumber())
                .as("a number, not text")
                .isTrue();
        // Read back into the editor, the rule keeps its type.
        assertThat(browser.eval("document.getElementById('g0r1t').value").asText())
                .isEqualTo("number");

        browser.click(".gray .plan button.promote");
        browser.waitFor(
                "document.querySelector('main .meta').innerText",
                v -> v.asText().contains("1.1.0"));
        versionState("1.1.0", "released");

        browser.click("tr[data-version='1.0.0'] button.rollback");
        browser.waitFor(
                "document.querySelector('main .meta').innerText",
                v -> v.asText().contains("1.0.0"));
        assertThat(browser.eval("document.querySelector('.ok[role=status]').innerText")
                        .asText())
                .contains("Roll back");
        JsonNode answer = body(client().get()
                .uri("/api/v1/mini-programs/" + mp)
                .header("Authorization", "Bearer " + operator)
                .exchange());
        assertThat(answer.get("currentVersion").asText()).isEqualTo("1.0.0");
        noConsoleErrorsBut();
    }

    @Test
    void anOperatorRegistersAHostAppAndSearchesItAsAnIntegratorWould() throws Exception {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String operator = issueKey("operator");
        // A page whose text holds what HTML escapes: the highlight must show it as text, never as markup.
        String mp = createMiniProgram(dev);
        upload(
                        mp,
                        dev,
                        "1.0.0",
                        Zips.with(
                                "pages/index/index.js",
                                "Page({ data: { title: 'Tom & Jerry\\'s <b>Hello</b>' } })"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/submit", dev, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/versions/1.0.0/approve", reviewer, null)
                .expectStatus()
                .isAccepted();
        post("/api/v1/mini-programs/" + mp + "/release", operator, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();

        signInWithKey(operator);
        page("#/hosts");
        checkAccessibility("the host apps");
        browser.click("#host-name");
        browser.type("Console host");
        browser.click("#host-bundles");
        browser.type("com.example.console");
        browser.click("#new-host + form button.primary");
        // The signing secret is shown once, with a button to copy it.
        JsonNode secret = browser.waitFor(
                "document.querySelector('.secret code') && document.querySelector('.secret code').innerText",
                JsonNode::isTextual);
        assertThat(secret.asText()).matches("[0-9a-f]{64}");
        assertThat(browser.eval("!!document.querySelector('.secret button.copy')")
                        .asBoolean())
                .isTrue();
        browser.click("form a[href^='#/hosts/ha-']");
        browser.waitFor("!!document.querySelector('#assoc-title')", JsonNode::asBoolean);
        String host = browser.eval("location.hash").asText().substring("#/hosts/".length());
        checkAccessibility("a host app");
        browser.click("#assoc-mp");
        browser.type(mp);
        browser.click("#assoc-title ~ form button[type=submit]");
        browser.waitFor(
                "document.querySelector('#assoc-title').parentElement.innerText",
                v -> v.asText().contains(mp));

        page("#/search");
        browser.click("#hostApp");
        browser.type(host);
        browser.click("#q");
        browser.type("Hello");
        // The release's crawl indexes its pages in the background: search until they are found.
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        int hits = 0;
        while (hits == 0 && System.nanoTime() < until) {
            browser.click("form.filters button[type=submit]");
            Thread.sleep(500);
            hits = browser.eval("document.querySelectorAll('.hits li').length").asInt();
        }
        assertThat(hits).as("hits for the released mini-program").isPositive();
        assertThat(browser.eval(
                                "document.querySelector('.hits mark') && document.querySelector('.hits mark').innerText")
                        .asText())
                .isEqualToIgnoringCase("hello");
        assertThat(browser.eval("document.querySelector('.hits li p').innerText")
                        .asText())
                .as("the index's escapes shown as the characters they stand for")
                .contains("Tom & Jerry's <b>Hello</b>");
        assertThat(browser.eval("document.querySelectorAll('.hits li p b').length")
                        .asInt())
                .as("markup in a page's text stays text")
                .isZero();
        checkAccessibility("the search playground with results");
        noConsoleErrorsBut();
    }

    @Test
    void anAuditorFiltersTheLogExportsItAndVerifiesTheChain() throws Exception {
        String dev = issueKey("developer");
        String mp = createMiniProgram(dev);
        String auditor = issueKey("auditor");
        // The log is a projection: the test starts once it holds the new mini-program's creation.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> body(client().get()
                                        .uri("/api/v1/audit/events?aggregateId=" + mp)
                                        .header("Authorization", "Bearer " + auditor)
                                        .exchange())
                                .path("items")
                                .size()
                        == 1);

        signInWithKey(auditor);
        page("#/audit");
        browser.waitFor("!!document.querySelector('table.log')", JsonNode::asBoolean);
        checkAccessibility("the operation log");
        browser.click("#aggregateId");
        browser.type(mp);
        browser.click("form.filters button[type=submit]");
        JsonNode rows = browser.waitFor(
                "[...document.querySelectorAll('table.log tbody tr')].map(r => r.innerText)",
                v -> v.size() == 1 && v.get(0).asText().contains(mp));
        assertThat(rows.toString()).contains("MiniProgramCreated");

        browser.click(".toolbar button:nth-child(1)");
        browser.waitFor(
                "document.querySelector('.export-result') && document.querySelector('.export-result').innerText",
                v -> v.asText().contains("atrium-audit.csv"));
        assertThat(browser.eval("document.querySelector('.export-result').innerText")
                        .asText())
                .contains("Exported 1 entries");
        browser.click(".toolbar button:nth-child(3)");
        browser.waitFor(
                "document.querySelector('.verify-result') && document.querySelector('.verify-result').innerText",
                v -> v.asText().startsWith("The chain holds"));
        checkAccessibility("the operation log, filtered and verified");
        noConsoleErrorsBut();
    }

    @Test
    void aReplaysProgressReachesAHundredPercent() throws Exception {
        createMiniProgram(issueKey("developer"));
        // The bootstrap key is owner and platform operator: the only role that may replay.
        signInWithKey(OWNER_KEY);
        page("#/projections");
        browser.waitFor("!!document.querySelector('main table')", JsonNode::asBoolean);
        checkAccessibility("the projections");
        browser.click("tr[data-projection='api-keys'] button");
        browser.waitFor(
                "document.querySelector('.replay .percent') && document.querySelector('.replay .percent').innerText",
                v -> v.asText().equals("100 %"));
        checkAccessibility("a finished replay");

        // An admin revokes a key from its list.
        JsonNode issued =
                body(post("/api/v1/api-keys", OWNER_KEY, Map.of("name", "to revoke", "roles", List.of("auditor")))
                        .expectStatus()
                        .isAccepted());
        String doomed = issued.get("id").asText();
        page("#/keys");
        browser.click("tr[data-key='" + doomed + "'] button");
        browser.waitFor(
                "document.querySelector(\"tr[data-key='" + doomed + "']\").innerText",
                v -> v.asText().contains("revoked"));
        problem(
                client().get()
                        .uri("/api/v1/me")
                        .header("Authorization", "Bearer " + issued.get("key").asText())
                        .exchange(),
                401,
                "unauthenticated");

        // The owner's other pages pass the same check, on a wide and on a phone-wide screen.
        for (String section : List.of("#/keys", "#/members", "#/live", "#/review", "#/hosts", "#/search", "#/audit")) {
            page(section);
            checkAccessibility(section);
        }
        browser.viewport(390, 844, true);
        for (String section : List.of("#/programs", "#/keys", "#/members", "#/projections", "#/audit")) {
            page(section);
            checkAccessibility(section + ", 390 px wide");
            assertThat(browser.eval("document.documentElement.scrollWidth").asInt(Integer.MAX_VALUE))
                    .as(section + " fits a 390-pixel screen")
                    .isLessThanOrEqualTo(390);
        }
        noConsoleErrorsBut();
    }

    @Test
    void signInShowsTheApisProblemAndTheConsoleIsServedUnderAStrictPolicy() throws Exception {
        browser.open("http://localhost:" + port + "/console");
        browser.waitFor("!!document.querySelector('#email')", JsonNode::asBoolean);
        checkAccessibility("the sign-in page");
        browser.click("#email");
        browser.type("nobody@example.com");
        browser.click("#password");
        browser.type("wrong-password-123");
        browser.click("form button.primary");
        JsonNode problem = browser.waitFor(
                "document.querySelector('.problem') && document.querySelector('.problem').innerText",
                JsonNode::isTextual);
        assertThat(problem.asText()).doesNotContain("Exception").doesNotContain("at io.");
        noConsoleErrorsBut("401 (Unauthorized)");

        // The keyboard alone: Tab to the choice of sign-in, the arrow key to "API key", Tab to the key,
        // Enter to send; then the first Tab reaches the skip link, and Enter on it lands in the page.
        String key = issueKey("developer");
        browser.open("http://localhost:" + port + "/console/");
        browser.waitFor("!!document.querySelector('#email')", JsonNode::asBoolean);
        for (int i = 0;
                i < 10 && !browser.eval("document.activeElement.name === 'how'").asBoolean();
                i++) {
            browser.press("Tab", false);
        }
        browser.press("ArrowDown", false);
        browser.waitFor("!!document.querySelector('#key')", JsonNode::asBoolean);
        browser.press("Tab", false);
        assertThat(browser.eval("document.activeElement.id").asText()).isEqualTo("key");
        browser.type(key);
        browser.press("Enter", false);
        browser.waitFor("!!document.querySelector('header.top')", JsonNode::asBoolean);
        // After a page change the focus is on its heading, past the skip link, so Tab is not what reaches
        // it here: the test checks the skip link comes first in the page's order, and that Enter on it
        // moves the focus to the content.
        assertThat(browser.eval("document.querySelector('a[href], button, input, select, textarea').className")
                        .asText())
                .isEqualTo("skip");
        browser.eval("document.querySelector('.skip').focus()");
        browser.press("Enter", false);
        assertThat(browser.eval("document.activeElement.id").asText()).isEqualTo("main");

        client().get()
                .uri("/console/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Content-Security-Policy", ConsoleConfiguration.CONTENT_SECURITY_POLICY);
    }

    // ---- steps ----

    /** Picks an option of a select the way a person does: the value changes and the page is told. */
    private void choose(String selectId, String value) throws Exception {
        browser.eval("(() => { const s = document.getElementById('" + selectId + "'); s.value = '" + value
                + "'; s.dispatchEvent(new Event('change', { bubbles: true })); })()");
    }

    private void page(String hash) throws Exception {
        browser.eval("location.hash = '" + hash.substring(1) + "'");
        browser.waitFor(
                "!!document.querySelector('main h1') && !document.querySelector('main [aria-live=polite]')",
                JsonNode::asBoolean);
    }

    private void signInAsMember(String email) throws Exception {
        browser.open("http://localhost:" + port + "/console/");
        browser.waitFor("!!document.querySelector('#email')", JsonNode::asBoolean);
        browser.click("#email");
        browser.type(email);
        browser.click("#password");
        browser.type(PASSWORD);
        browser.click("form button.primary");
        browser.waitFor("!!document.querySelector('header.top')", JsonNode::asBoolean);
    }

    private void signInWithKey(String key) throws Exception {
        browser.open("http://localhost:" + port + "/console/");
        browser.waitFor("!!document.querySelector('#email')", JsonNode::asBoolean);
        browser.click("input[name=how]:not(:checked)");
        browser.click("#key");
        browser.type(key);
        browser.click("form button.primary");
        browser.waitFor("!!document.querySelector('header.top')", JsonNode::asBoolean);
    }

    private void signOut() throws Exception {
        browser.click(".who button");
        browser.waitFor("!!document.querySelector('#email')", JsonNode::asBoolean);
    }

    private void versionState(String version, String state) throws Exception {
        browser.waitFor(
                "(() => { const c = document.querySelector(\"tr[data-version='" + version
                        + "'] td.state\"); return c ? c.innerText : null; })()",
                v -> v.asText().equals(state));
    }

    private void checkAccessibility(String where) throws Exception {
        assertThat(browser.seriousAccessibilityViolations())
                .as("serious accessibility violations on " + where)
                .isEmpty();
    }

    /** The browser's console saw no error but the failed responses this test provoked on purpose. */
    private void noConsoleErrorsBut(String... provoked) {
        List<String> errors = browser.errors().stream()
                .filter(e -> !(e.startsWith("log[network]")
                        && List.of(provoked).stream().anyMatch(e::contains)))
                .toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    // ---- set-up through the API ----

    /** An active member of the default tenant holding these roles; answers the e-mail. */
    private String member(String... roles) {
        String email = "console-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode invitation = body(post(
                        "/api/v1/members",
                        OWNER_KEY,
                        Map.of("email", email, "displayName", "Console " + roles[0], "roles", List.of(roles)))
                .expectStatus()
                .isAccepted());
        post(
                        "/api/v1/auth/invitations/accept",
                        null,
                        Map.of("token", invitation.get("invitationToken").asText(), "password", PASSWORD))
                .expectStatus()
                .isOk();
        return email;
    }

    /** A mini-program with version 1.0.0 uploaded, approved and released through the API. */
    private String releasedMiniProgram(String dev, String reviewer, String operator) {
        String mp = createMiniProgram(dev);
        approvedVersion(mp, dev, reviewer, "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", operator, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        return mp;
    }

    private String memberToken(String email) {
        return body(post("/api/v1/auth/login", null, Map.of("tenant", "default", "email", email, "password", PASSWORD)))
                .get("accessToken")
                .asText();
    }

    private Path zipFile(String name, byte[] zip) throws Exception {
        return tempFile(name, ".zip", zip);
    }

    private static Path tempFile(String name, String suffix, byte[] content) throws Exception {
        Path file = Files.createTempFile("console-" + name, suffix);
        Files.write(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
