package io.atrium.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.server.http.HttpTestSupport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * With structured logging on (what the json-logs profile sets), a line logged while a command runs is
 * one JSON object carrying the command's request id, correlation id, tenant and principal. A server of
 * its own: logging is configured as a context starts, so the format is set before it (a test property
 * source, not a dynamic one), and every command is logged as slow so each one logs a line.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "logging.structured.format.console=ecs",
            "atrium.commands.slow-millis=0",
            "atrium.test.data-dir-suffix=-json-logs"
        })
class JsonLogsHttpTest extends HttpTestSupport {

    /**
     * Boot configures logging once per JVM: a server an earlier test class started (and the test context
     * cache keeps) has left it configured as plain text, and this server's start would not configure it
     * again. Marked unconfigured, it is configured by this server's start, as in production.
     */
    @BeforeAll
    static void letThisServerConfigureLogging() {
        LoggingSystem.get(JsonLogsHttpTest.class.getClassLoader()).cleanUp();
    }

    /** The next server a later test class starts configures logging its own way again. */
    @AfterAll
    static void letTheNextServerConfigureLogging() {
        LoggingSystem.get(JsonLogsHttpTest.class.getClassLoader()).cleanUp();
    }

    @Test
    void aLineLoggedDuringACommandCarriesItsCorrelationIdTenantAndPrincipal(CapturedOutput output) {
        String dev = issueKey("developer");
        String requestId = "json-log-" + UUID.randomUUID();

        client().post()
                .uri("/api/v1/mini-programs")
                .header("Authorization", "Bearer " + dev)
                .header("X-Request-Id", requestId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("name", "Logged", "description", "d", "category", "tools", "tags", List.of("weather")))
                .exchange()
                .expectStatus()
                .isAccepted();

        JsonNode line = output.getOut()
                .lines()
                .map(JsonLogsHttpTest::json)
                .flatMap(Optional::stream)
                .filter(json -> requestId.equals(json.path("correlationId").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no JSON log line with correlationId " + requestId + " in:\n" + output.getOut()));
        assertThat(line.path("message").asText()).contains("Slow command: CreateMiniProgram");
        assertThat(line.path("requestId").asText()).isEqualTo(requestId);
        assertThat(line.path("tenant").asText()).isEqualTo("default");
        // The developer key's actor, never the key itself.
        assertThat(line.path("principal").asText()).isNotBlank().doesNotContain(dev);
        assertThat(line.path("log.level").asText(line.at("/log/level").asText()))
                .isEqualTo("WARN");
    }

    private static Optional<JsonNode> json(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(line));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
