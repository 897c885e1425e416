package io.atrium.command.member;

import java.time.Clock;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires members and login: the clock, the hasher, the common-password list, the role names known. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MemberProperties.class)
public class MemberConfiguration {

    /**
     * The platform's clock for lockouts, token and password expiry and TOTP steps: a bean, so tests
     * can move it.
     */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock atriumClock() {
        return Clock.systemUTC();
    }

    @Bean
    PasswordHasher passwordHasher(MemberProperties properties) {
        MemberProperties.Argon2 a = properties.argon2();
        return new PasswordHasher(new PasswordHasher.Parameters(a.memoryKib(), a.iterations(), a.parallelism()));
    }

    @Bean
    CommonPasswords commonPasswords(MemberProperties properties) {
        return CommonPasswords.load(properties.commonPasswords());
    }

    /** The built-in roles; an adapter that also knows a tenant's custom roles replaces it. */
    @Bean
    @ConditionalOnMissingBean(KnownRoles.class)
    KnownRoles knownRoles() {
        return new BuiltInRoles();
    }

    /** The member table is written in the command's own transaction, and a failure there fails the command. */
    @Bean
    ConfigurerModule memberTableProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(MemberTable.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(
                        MemberTable.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }
}
