package io.atrium.server.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code atrium.metrics.enabled=false} turns every {@code atrium.*} meter into a no-op: each is still
 * built once and called where it was, but records and exports nothing. The commands benchmark runs the
 * server both ways to measure what the meters cost a command; JVM and process meters stay either way.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /** Boot applies every MeterFilter bean to its registries before any meter is registered. */
    @Bean
    @ConditionalOnProperty(name = "atrium.metrics.enabled", havingValue = "false")
    MeterFilter atriumMetricsOff() {
        return MeterFilter.denyNameStartsWith("atrium.");
    }
}
