package io.atrium.command.role;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The role table is written in the command's own transaction, and a failure there fails the command. */
@Configuration(proxyBeanMethods = false)
class RoleTableProcessing {

    @Bean
    ConfigurerModule roleTableSubscribes() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(RoleTable.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(
                        RoleTable.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }
}
