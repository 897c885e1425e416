package io.atrium.projections.runner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Each projection's place as gauges, read when the registry is scraped (nothing is added to a
 * batch): {@code atrium.projection.position}, the log position it has applied, and
 * {@code atrium.projection.lag.events}, how many events it is behind its feed's head. On Kafka the feed's
 * head is the topic's, so the same lag is also {@code atrium.feed.lag.events}, the consumer's lag behind
 * what the relay published; the relay's own lag behind the store is {@code atrium.relay.lag.events}.
 */
public final class ProjectionMetrics {

    private ProjectionMetrics() {}

    /**
     * Registers the gauges of every runner in {@code runners}.
     *
     * @param feedIsTopic whether the runners read the Kafka topic (cluster mode), which adds the feed lag
     */
    public static void bind(ProjectionRunners runners, MeterRegistry registry, boolean feedIsTopic) {
        for (ProjectionRunner runner : runners.all()) {
            String name = runner.projection().name();
            Gauge.builder("atrium.projection.position", runner, r -> r.position())
                    .description("The event-log position the projection has applied (-1: none yet)")
                    .tag("projection", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("atrium.projection.lag.events", runner, r -> r.lagEvents())
                    .description("Events between the projection's position and its feed's head")
                    .tag("projection", name)
                    .strongReference(true)
                    .register(registry);
            if (feedIsTopic) {
                Gauge.builder("atrium.feed.lag.events", runner, r -> r.lagEvents())
                        .description("Events on the Kafka topic the projection has not applied yet")
                        .tag("projection", name)
                        .strongReference(true)
                        .register(registry);
            }
        }
    }
}
