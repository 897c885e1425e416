package io.atrium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The first key: configured by ATRIUM_BOOTSTRAP_API_KEY, or generated and printed once. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapKeyTest {

    @TempDir
    Path dataDir;

    /** Starts the server with these settings as command-line arguments (which outrank application.yml). */
    private ConfigurableApplicationContext start(Map<String, Object> properties) {
        java.util.List<String> args =
                new java.util.ArrayList<>(java.util.List.of("--server.port=0", "--atrium.data-dir=" + dataDir));
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(AtriumApplication.class).run(args.toArray(String[]::new));
    }

    private static int create(ConfigurableApplicationContext context, String key) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer(io.atrium.server.support.TestConnector.get())
                .baseUrl("http://localhost:" + port)
                .build()
                .post()
                .uri("/api/v1/mini-programs")
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "X"))
                .exchange()
                .returnResult(Void.class)
                .getStatus()
                .value();
    }

    @Test
    void generatesPrintsAndAcceptsAFirstOwnerKeyOnlyOnce(CapturedOutput output) {
        String key;
        try (ConfigurableApplicationContext context = start(Map.of())) {
            Matcher m = Pattern.compile("Authorization: Bearer (atr_[A-Za-z0-9_-]{43})")
                    .matcher(output.getOut());
            assertThat(m.find()).as("the generated key is printed").isTrue();
            key = m.group(1);
            assertThat(create(context, key)).isEqualTo(202);
        }
        int printedBefore = count(output.getOut(), key);
        try (ConfigurableApplicationContext context = start(Map.of())) {
            assertThat(count(output.getOut(), key))
                    .as("not printed again on the next start")
                    .isEqualTo(printedBefore);
            assertThat(create(context, key)).as("and still valid").isEqualTo(202);
        }
    }

    @Test
    void acceptsTheConfiguredBootstrapKey() {
        try (ConfigurableApplicationContext context =
                start(Map.of("atrium.bootstrap-api-key", "configured-owner-key-42"))) {
            assertThat(create(context, "configured-owner-key-42")).isEqualTo(202);
            assertThat(create(context, "some-other-key-at-all")).isEqualTo(401);
        }
        try (ConfigurableApplicationContext context =
                start(Map.of("atrium.bootstrap-api-key", "configured-owner-key-42"))) {
            assertThat(create(context, "configured-owner-key-42"))
                    .as("issued once, valid after restart")
                    .isEqualTo(202);
        }
    }

    @Test
    void refusesATooShortBootstrapKey() {
        assertThatThrownBy(() -> start(Map.of("atrium.bootstrap-api-key", "short")))
                .hasStackTraceContaining("ATRIUM_BOOTSTRAP_API_KEY must be");
    }

    @Test
    void refusesARoleThisBuildDoesNotHave() {
        assertThatThrownBy(() -> start(Map.of("atrium.roles", "command,teleport")))
                .hasStackTraceContaining("'teleport'");
    }

    @Test
    void keepsEverythingUnderTheDataDir() throws Exception {
        try (ConfigurableApplicationContext context =
                start(Map.of("atrium.bootstrap-api-key", "configured-owner-key-42"))) {
            assertThat(create(context, "configured-owner-key-42")).isEqualTo(202);
        }
        assertThat(dataDir.resolve("eventstore")).isDirectory();
        assertThat(dataDir.resolve("keys/platform-ed25519.key")).isRegularFile();
        assertThat(dataDir.resolve("keys/master.key")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("keys/master.key")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(dataDir.resolve("packages")).isDirectory();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
