package io.atrium.kurrentdb;

import io.atrium.command.CommandSideProperties;
import io.atrium.command.eventstore.AtriumUpcasters;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventPositions;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import java.time.Duration;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store on KurrentDB ({@code atrium.event-store.kind=kurrentdb}), for nodes that run the
 * command side. The server imports it; the command side's JDBC engine stands down for it.
 */
@Configuration(proxyBeanMethods = false)
public class KurrentDbConfiguration {

    @Bean(destroyMethod = "close")
    KurrentDbConnection kurrentDbConnection(CommandSideProperties properties) {
        return KurrentDbConnection.to(properties.eventStore().kurrentdb().connectionString());
    }

    @Bean
    KurrentDbEventStorageEngine eventStorageEngine(
            KurrentDbConnection connection,
            CommandSideProperties properties,
            @Qualifier("eventSerializer") Serializer events,
            Serializer snapshots) {
        return KurrentDbEventStorageEngine.builder(connection)
                .timeout(Duration.ofMillis(properties.eventStore().kurrentdb().operationTimeoutMs()))
                .serializers(events, snapshots)
                .upcasters(AtriumUpcasters.chain(EventTypes.ALL, EventUpcasters.ALL, AxonEventStore.eventMapper()))
                .build();
    }

    @Bean
    EventPositions eventPositions(KurrentDbEventStorageEngine engine) {
        return new KurrentDbEventPositions(engine);
    }

    /** The events of this store as a feed: for projections in this process, and for the relay in cluster mode. */
    @Bean
    @Qualifier(EVENT_STORE_FEED)
    KurrentDbEventFeed kurrentDbEventFeed(KurrentDbEventStorageEngine engine) {
        return new KurrentDbEventFeed(engine);
    }

    /** The name under which the store's own feed is offered to the relay. */
    public static final String EVENT_STORE_FEED = "eventStoreFeed";

    /** Up when KurrentDB answers a read of the head of {@code $all} within the call time limit. */
    @Bean
    HealthIndicator kurrentDbHealthIndicator(KurrentDbEventStorageEngine engine) {
        return () -> {
            try {
                return Health.up()
                        .withDetail("headPosition", engine.headPosition())
                        .build();
            } catch (RuntimeException e) {
                return Health.down()
                        .withDetail("error", String.valueOf(e.getMessage()))
                        .build();
            }
        };
    }
}
