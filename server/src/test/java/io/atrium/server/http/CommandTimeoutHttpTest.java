package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.events.miniprogram.MiniProgramCreated;
import java.util.Map;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A command that outlives atrium.commands.timeout-seconds answers 503 "timeout" (retryable) and
 * records nothing. A server of its own with a 1 s limit, and a handler that runs in the command's
 * transaction and takes 1.5 s for a mini-program named "Slow".
 */
@Import(CommandTimeoutHttpTest.SlowCreation.class)
class CommandTimeoutHttpTest extends HttpTestSupport {

    static final String SLOW_GROUP = "test-slow-creation";

    @DynamicPropertySource
    static void limit(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-timeout");
        registry.add("atrium.commands.timeout-seconds", () -> 1);
    }

    @TestConfiguration
    static class SlowCreation {

        @Bean
        SlowHandler slowHandler() {
            return new SlowHandler();
        }

        /** Runs the handler in the command's own transaction, as the API-key table does. */
        @Bean
        ConfigurerModule slowHandlerInTheCommandsTransaction() {
            return configurer -> configurer.eventProcessing(processing -> processing
                    .registerSubscribingEventProcessor(SLOW_GROUP)
                    .registerListenerInvocationErrorHandler(SLOW_GROUP, c -> PropagatingErrorHandler.instance()));
        }
    }

    @ProcessingGroup(SLOW_GROUP)
    static class SlowHandler {
        @EventHandler
        void on(MiniProgramCreated created) throws InterruptedException {
            if (created.details().name().equals("Slow")) {
                Thread.sleep(1_500);
            }
        }
    }

    /** Mini-programs created on this server (a data dir of its own: only this test's). */
    private long creations() {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type LIKE '%MiniProgramCreated'", Long.class);
    }

    @Test
    void aCommandPastItsLimitAnswers503TimeoutAndRecordsNothing() {
        String dev = issueKey("developer");
        assertThat(creations()).isZero();
        JsonNode problem = post("/api/v1/mini-programs", dev, Map.of("name", "Slow"))
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(problem.get("type").asText()).endsWith("/timeout");
        assertThat(problem.get("retryable").asBoolean()).isTrue();
        assertThat(creations()).isZero();

        post("/api/v1/mini-programs", dev, Map.of("name", "Quick"))
                .expectStatus()
                .isAccepted();
        assertThat(creations()).isEqualTo(1);
    }
}
