package io.atrium.server.health;

import io.atrium.cluster.kafka.KafkaProbe;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Up when the brokers answer and describe the event log's topic within the time limit. Blocking. */
final class KafkaHealth implements HealthIndicator {

    private final KafkaProbe probe;
    private final Duration timeout;

    KafkaHealth(KafkaProbe probe, Duration timeout) {
        this.probe = probe;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            KafkaProbe.Answer answer = probe.check(timeout);
            return Health.up()
                    .withDetail("brokers", answer.brokers())
                    .withDetail("partitions", answer.partitions())
                    .build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
