package io.atrium.server.cluster;

import io.atrium.cluster.ClusterSettings;
import io.atrium.cluster.kafka.EventRecords;
import io.atrium.cluster.kafka.TopicTail;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.query.audit.LiveSignal;
import io.atrium.server.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What a query node takes from the topic in cluster mode: the live feed's signal. */
@Configuration(proxyBeanMethods = false)
// Scanned with the application's package, so it carries its role's condition itself.
@Conditional(Roles.QueryRoleOnKafka.class)
public class QueryNodeAdapters {

    @Bean(destroyMethod = "close")
    TopicTail topicTail(Environment environment) {
        return new TopicTail(
                ClusterSettings.from(environment).topic(),
                new EventRecords(AxonEventStore.eventMapper(), EventTypes.ALL, EventUpcasters.ALL));
    }

    @Bean
    LiveSignal liveSignal(TopicTail tail) {
        return tenant -> tail.records()
                .filter(record -> record.metadata().tenant().value().equals(tenant))
                .map(EventRecords.Received::position);
    }
}
