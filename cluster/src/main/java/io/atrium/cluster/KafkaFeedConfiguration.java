package io.atrium.cluster;

import io.atrium.cluster.kafka.EventRecords;
import io.atrium.cluster.kafka.KafkaEventFeed;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The projections' feed in cluster mode: the topic the relay publishes to. */
@Configuration(proxyBeanMethods = false)
public class KafkaFeedConfiguration {

    @Bean(destroyMethod = "close")
    KafkaEventFeed eventFeed(Environment environment) {
        ClusterSettings settings = ClusterSettings.from(environment);
        return new KafkaEventFeed(
                settings.topic(),
                new EventRecords(AxonEventStore.eventMapper(), EventTypes.ALL, EventUpcasters.ALL),
                "atrium-projection-");
    }
}
