package io.atrium.shells.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.LaunchException;
import io.atrium.sdk.MiniProgramSession;
import io.atrium.sdk.UserAttributes;
import io.atrium.server.http.HttpTestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;

/**
 * The runtime and the terminal host against the real platform, end to end: a released and a gray
 * version, a registered host app with its grant, signed manifest requests, sealed packages opened
 * with the host's wrapped data key.
 */
class CliShellOnPlatformTest extends HttpTestSupport {

    @TempDir
    Path dir;

    private String mp;
    private String other;
    private static final String BUNDLE = "com.example.terminal";

    private String host;
    private String secret;

    @BeforeEach
    void releasedAndGranted() {
        String dev = issueKey("developer");
        String reviewer = issueKey("reviewer");
        String ops = issueKey("operator");
        mp = createMiniProgram(dev);
        other = createMiniProgram(dev);
        approvedVersion(mp, dev, reviewer, "1.0.0");
        post("/api/v1/mini-programs/" + mp + "/release", ops, Map.of("version", "1.0.0"))
                .expectStatus()
                .isAccepted();
        approvedVersion(mp, dev, reviewer, "1.1.0");
        post(
                        "/api/v1/mini-programs/" + mp + "/gray-release",
                        ops,
                        Map.of("version", "1.1.0", "userIds", List.of("beta-user")))
                .expectStatus()
                .isAccepted();
        JsonNode registered =
                body(post("/api/v1/host-apps", ops, Map.of("name", "Terminal", "bundleIds", List.of(BUNDLE)))
                        .expectStatus()
                        .isAccepted());
        host = registered.get("id").asText();
        secret = registered.get("secret").asText();
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
        // Until the read side serves the release; a timeout names the last refusal, the only evidence of why.
        String[] lastAnswer = {"no launch finished"};
        try {
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try (AtriumRuntime runtime = runtime();
                                MiniProgramSession s = runtime.launch(mp, UserAttributes.of("warm-up"))) {
                            lastAnswer[0] = "launched version " + s.version();
                            return s.version().equals("1.0.0");
                        } catch (LaunchException e) {
                            lastAnswer[0] = "refused: " + e.getMessage();
                            return false;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the platform never served release 1.0.0; the last launch: " + lastAnswer[0], e);
        }
    }

    private AtriumRuntime runtime() {
        return AtriumRuntime.builder()
                .platformUrl("http://localhost:" + port)
                .hostApp(host, secret, BUNDLE)
                .storageDir(dir.resolve("runtime"))
                .build();
    }

    private String[] cli(String miniProgram, String user) {
        return new String[] {
            "run",
            "--server",
            "http://localhost:" + port,
            "--host-app",
            host,
            "--secret",
            secret,
            "--bundle-id",
            BUNDLE,
            "--mini-program",
            miniProgram,
            "--user",
            user,
            "--storage",
            dir.resolve("cli").toString()
        };
    }

    private record Result(int status, String out, String err) {}

    private static Result run(String[] args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CliShell(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(
                        args,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theRuntimeRunsTheVersionThePlatformResolvesForEachUser() throws Exception {
        try (AtriumRuntime runtime = runtime()) {
            try (MiniProgramSession s = runtime.launch(mp, UserAttributes.of("someone"))) {
                assertThat(s.version()).isEqualTo("1.0.0");
                assertThat(s.grayReleaseId()).isNull();
                assertThat(s.currentPage().text()).contains("Hello");
                assertThat(s.tap("0.1").get(10, TimeUnit.SECONDS).text()).contains("Tapped");
                assertThat(s.policy().apiGroups()).containsExactlyInAnyOrder("ui", "navigation", "storage");
            }
            try (MiniProgramSession s = runtime.launch(mp, UserAttributes.of("beta-user"))) {
                assertThat(s.version()).isEqualTo("1.1.0");
                assertThat(s.grayReleaseId()).startsWith("gr-");
            }
        }
        // Only sealed packages were cached.
        try (var cached = Files.list(dir.resolve("runtime/packages"))) {
            assertThat(cached.map(p -> p.getFileName().toString()))
                    .hasSize(2)
                    .allMatch(n -> n.matches("[0-9a-f]{64}\\.sealed"));
        }
    }

    @Test
    void theTerminalHostPrintsTheVersionItRunsAndThePage() {
        Result r = run(cli(mp, "beta-user"), "tap 0.1\nquit\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("running " + mp + " version 1.1.0 (gray release gr-")
                .contains("Hello")
                .contains("Tapped");
    }

    @Test
    void aRefusedLaunchExitsNonZeroWithTheReasonOnOneLine() {
        Result notAssociated = run(cli(other, "someone"), "quit\n");
        assertThat(notAssociated.status()).isEqualTo(3);
        assertThat(notAssociated.err().strip())
                .doesNotContain("\n")
                .startsWith("cli-shell: launch refused (refused)")
                .contains("403")
                .contains("may not run " + other);

        String[] wrongSecret = cli(mp, "someone");
        wrongSecret[6] = "not-the-secret";
        Result badSecret = run(wrongSecret, "quit\n");
        assertThat(badSecret.status()).isEqualTo(3);
        assertThat(badSecret.err().strip()).doesNotContain("\n").contains("401");
    }
}
