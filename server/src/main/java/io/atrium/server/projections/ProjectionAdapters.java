package io.atrium.server.projections;

import io.atrium.projections.runner.SkippedEventLog;
import io.atrium.server.Roles;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The projections' {@link SkippedEventLog}, over the event store this process holds. */
@Configuration(proxyBeanMethods = false)
// Scanned with the application's package, so it carries its role's condition itself.
@Conditional(Roles.ProjectionsBesideCommand.class)
public class ProjectionAdapters {

    @Bean
    SkippedEventLog skippedEventLog(EventStore eventStore, ObjectProvider<PlatformTransactionManager> transactions) {
        return new EventStoreSkippedEventLog(eventStore, transactions.getObject());
    }
}
