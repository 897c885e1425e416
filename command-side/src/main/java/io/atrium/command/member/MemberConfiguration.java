package io.atrium.command.member;

import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.command.role.RoleHolders;
import io.atrium.command.role.TenantRoles;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.Role;
import java.time.Clock;
import java.util.Set;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

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

    /**
     * The role names a member may be given: the built-in ones and the tenant's custom roles as the write
     * side's role table holds them now (never platform-operator, which is above tenants).
     */
    @Bean
    @ConditionalOnMissingBean(KnownRoles.class)
    KnownRoles knownRoles(ObjectProvider<TenantRoles> tenantRoles) {
        TenantRoles roles = tenantRoles.getIfAvailable();
        if (roles == null) {
            return new BuiltInRoles();
        }
        return new KnownRoles() {
            @Override
            public boolean exists(TenantId tenant, String name) {
                return !name.equals(Role.PLATFORM_OPERATOR.wireName()) && roles.exists(tenant, name);
            }

            @Override
            public Set<Permission> grants(TenantId tenant, Set<String> names) {
                return roles.permissionsOf(tenant, names);
            }
        };
    }

    /**
     * Who holds a custom role: an API key that is not revoked, or a member who is not disabled. The one
     * {@link RoleHolders} the role aggregate asks before a role is deleted.
     */
    @Bean
    @Primary
    RoleHolders roleHolders(ApiKeyTable keys, MemberTable members) {
        return (tenant, role) -> keys.anyActiveHolder(tenant, role) || members.anyActiveHolder(tenant, role);
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
