package io.atrium.server.health;

import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ProjectionRunners;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Down while any projection is more than {@code atrium.health.max-projection-lag} events behind the
 * log: the read models this node writes are too stale to serve (a read that waits for its own write
 * would time out), whether the projection is catching up, failing, or stopped on a poison event.
 * Blocking (the log's head is a query); Boot runs it off the event loop.
 */
final class ProjectionLagHealth implements HealthIndicator {

    private final ProjectionRunners runners;
    private final long maxLag;

    ProjectionLagHealth(ProjectionRunners runners, long maxLag) {
        this.runners = runners;
        this.maxLag = maxLag;
    }

    @Override
    public Health health() {
        Map<String, Long> lags = new LinkedHashMap<>();
        boolean behind = false;
        // The runners' cached lag, not their full status: the probe is unauthenticated and frequent.
        for (ProjectionRunner runner : runners.all()) {
            long lag = runner.lagEvents();
            lags.put(runner.projection().name(), lag);
            behind |= lag > maxLag;
        }
        return (behind ? Health.down() : Health.up())
                .withDetail("maxLagEvents", maxLag)
                .withDetail("lagEvents", lags)
                .build();
    }
}
