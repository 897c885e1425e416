package io.atrium.shells.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
                "pages/a/a.js", "Page({ data: {n: 0}, inc() { this.setData({n: this.data.n + 1}); }, boom() { null.x; } });",
                "pages/a/a.fxml", "<view><button id=\"inc\" bindtap=\"inc\">{{n}}</button><button id=\"boom\" bindtap=\"boom\">x</button></view>");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue().getBytes());
                out.closeEntry();
            }
        }
        shell = WebShell.start(new String[] {"run", "--package", zip.toString(), "--allow-unsigned", "--port", "0",
                "--storage", dir.resolve("storage").toString()});
    }

    @AfterEach
    void stop() {
        shell.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + shell.port() + path;
    }

    Response call(Request.Builder request) throws Exception {
        return http.newCall(request.build()).execute();
    }

    Response post(String path, String body) throws Exception {
        return http.newCall(new Request.Builder().url("http://127.0.0.1:" + shell.port() + path)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
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
        try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + shell.port() + "/page").build()).execute()) {
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
        assertThatThrownBy(() -> WebShell.start(new String[] {"run", "--package", dir.resolve("missing.zip").toString(), "--allow-unsigned",
                "--port", "0"})).hasMessageContaining("no such package file");
        assertThatThrownBy(() -> WebShell.start(new String[] {"run", "--server", "http://x"})).hasMessageContaining("--host-app");
        assertThatThrownBy(() -> WebShell.start(new String[] {"run", "--package", "a.zip", "--port", "x"})).hasMessageContaining("number");
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
            assertThat(directives).containsEntry("default-src", "'none'").containsEntry("script-src", "'self'")
                    .containsEntry("object-src", "'none'").containsEntry("base-uri", "'none'").containsEntry("frame-ancestors", "'none'")
                    .containsEntry("connect-src", "'self'").containsEntry("form-action", "'none'");
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
