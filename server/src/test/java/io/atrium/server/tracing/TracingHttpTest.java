package io.atrium.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.eventstore.CommitAwareEventStore;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.server.http.HttpTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Hooks;

/**
 * With tracing on, one command request is a tree of observations: the HTTP request, the command under
 * it (across the hop from the event loop to the command thread), the event-store append under the
 * command; and each projection batch is one of its own. A recording handler sees what the tracing
 * handler sees (no collector: no OTLP endpoint is set). A server of its own.
 */
@Import(TracingHttpTest.Recording.class)
class TracingHttpTest extends HttpTestSupport {

    /** An observation as it stopped: its name and its ancestors' names, nearest first. */
    record Stopped(String name, List<String> ancestors) {
        @Nullable
        String parent() {
            return ancestors.isEmpty() ? null : ancestors.get(0);
        }
    }

    static final List<Stopped> STOPPED = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class Recording {
        @Bean
        ObservationHandler<Observation.Context> recordingHandler() {
            return new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    List<String> ancestors = new ArrayList<>();
                    for (ObservationView parent = context.getParentObservation();
                            parent != null;
                            parent = parent.getContextView().getParentObservation()) {
                        ancestors.add(parent.getContextView().getName());
                    }
                    STOPPED.add(new Stopped(context.getName(), ancestors));
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            };
        }
    }

    @DynamicPropertySource
    static void tracingOn(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-tracing");
        registry.add("management.tracing.enabled", () -> "true");
    }

    @AfterAll
    static void leaveReactorAsFound() {
        // Turned on by TracingConfiguration for this server; the other servers in this JVM run without it.
        Hooks.disableAutomaticContextPropagation();
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void aCommandRequestIsOneTraceAndProjectionBatchesAreTracedToo() {
        String dev = issueKey("developer");
        STOPPED.clear();
        createMiniProgram(dev);

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> STOPPED.stream().anyMatch(s -> s.name().equals(ProjectionRunner.OBSERVATION)));
        // The command, on its own thread, is still inside the HTTP request's trace (Spring Security's
        // observations sit between them).
        assertThat(STOPPED)
                .filteredOn(s -> s.name().equals(CommandDispatcher.OBSERVATION))
                .anySatisfy(s -> assertThat(s.ancestors()).endsWith("http.server.requests"));
        assertThat(STOPPED)
                .filteredOn(s -> s.name().equals(CommitAwareEventStore.OBSERVATION))
                .anySatisfy(s -> {
                    assertThat(s.parent()).isEqualTo(CommandDispatcher.OBSERVATION);
                    assertThat(s.ancestors()).endsWith("http.server.requests");
                });
        // A batch serves many requests: a trace of its own.
        assertThat(STOPPED)
                .filteredOn(s -> s.name().equals(ProjectionRunner.OBSERVATION))
                .allSatisfy(s -> assertThat(s.ancestors()).isEmpty());
        // Spans only: the atrium_* metrics already time this work.
        assertThat(meters.find(CommandDispatcher.OBSERVATION).meters()).isEmpty();
        assertThat(meters.find("http.server.requests").meters())
                .as("HTTP requests are observed when tracing is on")
                .isNotEmpty();
    }
}
