package io.atrium.shells.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web host's own HTTP surface, without a browser: events over POST, and bad or hostile requests. */
class WebShellHttpTest {

    @TempDir
    Path dir;

    WebShell shell;
    final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path zip = dir.resolve("app.zip");
        Map<String, String> files = Map.of(
                "app.json", "{\"pages\": [\"pages/a/a\"]}",
                "app.js", "App({});",
                "pages/a/a.js",
                        "Page({ data: {n: 0}, inc() { this.setData({n: this.data.n + 1}); }, boom() { null.x; } });",
                "pages/a/a.fxml",
                        "<view><button id=\"inc\" bindtap=\"inc\">{{n}}</button><button id=\"boom\" bindtap=\"boom\">x</button></view>");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue().getBytes());
                out.closeEntry();
            }
        }
        shell = WebShell.start(new String[] {
            "run",
            "--package",
            zip.toString(),
            "--allow-unsigned",
            "--port",
            "0",
            "--storage",
            dir.resolve("storage").toString()
        });
    }

    @AfterEach
    void stop() {
        shell.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + shell.port() + path;
    }

    /** The session's token, as the page's script fetches it. */
    String token() throws Exception {
        try (Response r =
                http.newCall(new Request.Builder().url(url("/session")).build()).execute()) {
            return new ObjectMapper().readTree(r.body().string()).path("token").asText("");
        }
    }

    Response post(String path, String body) throws Exception {
        return http.newCall(new Request.Builder()
                        .url(url(path))
                        .header("X-Atrium-Token", token())
                        .post(RequestBody.create(body, MediaType.get("application/json")))
                        .build())
                .execute();
    }

    Response call(Request.Builder request) throws Exception {
        return http.newCall(request.build()).execute();
    }

    Request.Builder tap(String target) throws Exception {
        return new Request.Builder()
                .url(url("/event"))
                .header("X-Atrium-Token", token())
                .post(RequestBody.create(
                        "{\"type\": \"tap\", \"target\": \"" + target + "\"}", MediaType.get("application/json")));
    }

    @Test
    void aTapReachesTheLogicLayer() throws Exception {
        try (Response r = post("/event", "{\"type\": \"tap\", \"target\": \"inc\"}")) {
            assertThat(r.code()).isEqualTo(204);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 1);
        try (Response r = post("/event", "{\"type\": \"tap\", \"target\": \"@0.0\"}")) {
            assertThat(r.code()).isEqualTo(204);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 2);
        try (Response r = http.newCall(new Request.Builder()
                        .url("http://127.0.0.1:" + shell.port() + "/page")
                        .build())
                .execute()) {
            assertThat(r.body().string()).contains("\"html\"").contains(">2</button>");
        }
    }

    @Test
    void badRequestsGetAClearProblemAndChangeNothing() throws Exception {
        try (Response r = post("/event", "not json")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(r.body().string()).contains("not JSON");
        }
        try (Response r = post("/event", "{\"type\": \"hover\", \"target\": \"inc\"}")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("type");
        }
        try (Response r = post("/event", "{\"type\": \"tap\", \"target\": \"nowhere\"}")) {
            assertThat(r.code()).isEqualTo(422);
            assertThat(r.body().string()).contains("no element 'nowhere'");
        }
        try (Response r = post("/event", "{\"type\": \"tap\", \"target\": \"boom\"}")) {
            assertThat(r.code()).isEqualTo(422);
            assertThat(r.body().string()).contains("TypeError");
        }
        try (Response r = post("/event", "{\"type\": \"tap\", \"target\": \"" + "x".repeat(70_000) + "\"}")) {
            assertThat(r.code()).isEqualTo(413);
        }
        try (Response r = post("/nothing", "{}")) {
            assertThat(r.code()).isEqualTo(404);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 0);
    }

    @Test
    void optionsAreCheckedBeforeAnythingStarts() {
        assertThatThrownBy(() -> WebShell.start(new String[] {
                    "run", "--package", dir.resolve("missing.zip").toString(), "--allow-unsigned", "--port", "0"
                }))
                .hasMessageContaining("no such package file");
        assertThatThrownBy(() -> WebShell.start(new String[] {"run", "--server", "http://x"}))
                .hasMessageContaining("--host-app");
        assertThatThrownBy(() -> WebShell.start(new String[] {"run", "--package", "a.zip", "--port", "x"}))
                .hasMessageContaining("is not an int");
    }

    @Test
    void aPostThatIsNotJsonIsRefused() throws Exception {
        String tap = "{\"type\": \"tap\", \"target\": \"inc\"}";
        // The content types a cross-site form or a "simple" fetch can send without asking first.
        for (String type : List.of(
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/jsonx")) {
            try (Response r = call(tap("inc").post(RequestBody.create(tap, MediaType.get(type))))) {
                assertThat(r.code()).as(type).isEqualTo(415);
            }
        }
        try (Response r = call(tap("inc").post(RequestBody.create(tap.getBytes(StandardCharsets.UTF_8))))) {
            assertThat(r.code()).as("no content type").isEqualTo(415);
        }
        try (Response r =
                call(tap("inc").post(RequestBody.create(tap, MediaType.get("application/json; charset=utf-8"))))) {
            assertThat(r.code()).isEqualTo(204);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 1);
    }

    @Test
    void aPostFromAnotherOriginIsRefused() throws Exception {
        for (String origin : List.of(
                "http://evil.example",
                "null",
                "http://127.0.0.1:" + (shell.port() + 1),
                "https://127.0.0.1:" + shell.port(),
                "http://127.0.0.1.evil.example:" + shell.port())) {
            try (Response r = call(tap("inc").header("Origin", origin))) {
                assertThat(r.code()).as(origin).isEqualTo(403);
            }
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 0);
        try (Response r = call(tap("inc").header("Origin", "http://127.0.0.1:" + shell.port()))) {
            assertThat(r.code()).isEqualTo(204);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 1);
    }

    @Test
    void aRequestNamingAnotherHostIsRefused() throws Exception {
        // DNS rebinding: a name the attacker controls, resolved to this host's address.
        String rebound = "rebind.evil.example:" + shell.port();
        try (Response r = call(tap("inc").header("Host", rebound))) {
            assertThat(r.code()).isEqualTo(403);
        }
        for (String path : List.of("/", "/page", "/events", "/session", "/host.js")) {
            try (Response r = call(new Request.Builder().url(url(path)).header("Host", rebound))) {
                assertThat(r.code()).as(path).isEqualTo(403);
            }
        }
        try (Response r = call(tap("inc").header("Host", "127.0.0.1:" + (shell.port() + 1)))) {
            assertThat(r.code()).isEqualTo(403);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 0);
        for (String host : List.of("127.0.0.1:" + shell.port(), "localhost:" + shell.port())) {
            try (Response r = call(tap("inc").header("Host", host))) {
                assertThat(r.code()).as(host).isEqualTo(204);
            }
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 2);
    }

    @Test
    void aPostWithoutTheSessionTokenIsRefused() throws Exception {
        try (Response r = call(tap("inc").removeHeader("X-Atrium-Token"))) {
            assertThat(r.code()).isEqualTo(403);
            assertThat(r.body().string()).contains("token");
        }
        for (String wrong : List.of("", "x", token() + "x", token().toUpperCase() + "-")) {
            try (Response r = call(tap("inc").header("X-Atrium-Token", wrong))) {
                assertThat(r.code()).as(wrong).isEqualTo(403);
            }
        }
        try (Response r = call(new Request.Builder()
                .url(url("/back"))
                .post(RequestBody.create("{}", MediaType.get("application/json"))))) {
            assertThat(r.code()).isEqualTo(403);
        }
        assertThat(shell.session().currentPage().data()).containsEntry("n", 0);
        // The token is random per host session, and only the page's own origin may read it.
        assertThat(token()).matches("[A-Za-z0-9_-]{40,}");
        try (Response r = call(new Request.Builder().url(url("/session")).header("Sec-Fetch-Site", "cross-site"))) {
            assertThat(r.code()).isEqualTo(403);
        }
        try (Response r = call(new Request.Builder().url(url("/session")).header("Origin", "http://evil.example"))) {
            assertThat(r.code()).isEqualTo(403);
        }
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() throws Exception {
        try (Response r = call(new Request.Builder().url(url("/")))) {
            assertThat(r.code()).isEqualTo(200);
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).isNotNull();
            Map<String, String> directives = new HashMap<>();
            for (String d : csp.split(";")) {
                String[] parts = d.strip().split("\\s+", 2);
                directives.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            assertThat(directives)
                    .containsEntry("default-src", "'none'")
                    .containsEntry("script-src", "'self'")
                    .containsEntry("object-src", "'none'")
                    .containsEntry("base-uri", "'none'")
                    .containsEntry("frame-ancestors", "'none'")
                    .containsEntry("connect-src", "'self'")
                    .containsEntry("form-action", "'none'")
                    // The local-development policy grants no domain: an image cannot carry data to any site.
                    .containsEntry("img-src", "'self' data:")
                    .containsEntry("media-src", "'self'");
            assertThat(WebShell.contentSecurityPolicy(
                            List.of("api.example.com", "*.cdn.example.com", "bad domain; script-src *")))
                    .contains("img-src 'self' data: https://api.example.com https://*.cdn.example.com;")
                    .doesNotContain("bad domain");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            // The page's own script is a file, so no inline script is needed.
            String page = r.body().string();
            assertThat(page).contains("<script src=\"/host.js\"></script>");
            assertThat(page.replace("<script src=\"/host.js\"></script>", "")).doesNotContain("<script");
        }
        try (Response r = call(new Request.Builder().url(url("/host.js")))) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/javascript");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.body().string()).contains("EventSource");
        }
    }
}
