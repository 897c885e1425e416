package io.atrium.server.tracing;

import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.eventstore.CommitAwareEventStore;
import io.atrium.projections.runner.ProjectionRunners;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Hooks;

/**
 * With {@code management.tracing.enabled=true}, commands, event-store appends and projection batches
 * become spans (observations named {@code atrium.tracing.*}) under the HTTP request's span.
 * <p>
 * Off (the default), nothing here exists: the dispatcher, the store and the runners keep the no-op
 * registry and skip observing altogether, so the command path pays nothing for tracing it does not do.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
public class TracingConfiguration {

    TracingConfiguration() {
        // A command runs on the command scheduler, not the event loop that took its request: Reactor
        // carries the request's span across that hop only with automatic context propagation (what
        // spring.reactor.context-propagation=auto turns on), and the trace ids reach every log line's MDC.
        Hooks.enableAutomaticContextPropagation();
    }

    /** Hands the registry to whatever this node runs, once every singleton exists. */
    @Bean
    SmartInitializingSingleton observeAtriumWork(
            ObservationRegistry registry,
            ObjectProvider<CommandDispatcher> dispatchers,
            ObjectProvider<EventStore> stores,
            ObjectProvider<ProjectionRunners> runners) {
        return () -> {
            dispatchers.forEach(d -> d.observeWith(registry));
            stores.forEach(s -> {
                if (s instanceof CommitAwareEventStore store) {
                    store.observeWith(registry);
                }
            });
            runners.forEach(r -> r.observeWith(registry));
        };
    }

    /**
     * The spans only: Boot's registry would also time every observation as a meter, doubling the
     * atrium_* command, store and projection metrics at the cost of a second timer per command.
     */
    @Bean
    MeterFilter noTimersForTracingObservations() {
        return MeterFilter.denyNameStartsWith("atrium.tracing.");
    }
}
