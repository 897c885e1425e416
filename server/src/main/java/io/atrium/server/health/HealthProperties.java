package io.atrium.server.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code atrium.health}: what readiness tolerates.
 *
 * @param maxProjectionLag how many events a projection may be behind the log before its node stops
 *                         being ready; negative: the lag never makes a node unready
 * @param timeout          how long one dependency may take to answer a readiness check before it counts
 *                         as down
 */
@ConfigurationProperties(prefix = "atrium.health")
public record HealthProperties(
        @DefaultValue("10000") long maxProjectionLag,
        @DefaultValue("2s") Duration timeout) {}
