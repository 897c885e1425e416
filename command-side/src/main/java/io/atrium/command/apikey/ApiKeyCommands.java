package io.atrium.command.apikey;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.access.Permission;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the ApiKey aggregate. */
public final class ApiKeyCommands {

    private ApiKeyCommands() {}

    /**
     * @param roles             the built-in roles the key will hold
     * @param secretSha256      SHA-256 of the key the caller will be given; the key itself never reaches the aggregate
     * @param issuerRoles       the roles of whoever asks, for the rule that only owners make owners
     * @param customRoles       names of the tenant's custom roles the key will hold
     * @param issuerPermissions what whoever asks may do: a key's custom roles grant no more than that
     */
    public record IssueApiKey(
            @TargetAggregateIdentifier ApiKeyId apiKeyId,
            TenantId tenant,
            ActorId actor,
            String name,
            Set<Role> roles,
            String secretSha256,
            Set<Role> issuerRoles,
            Set<String> customRoles,
            Set<Permission> issuerPermissions)
            implements AtriumCommand {

        /** A key with built-in roles only, asked for by a caller with built-in roles only. */
        public IssueApiKey(
                ApiKeyId apiKeyId,
                TenantId tenant,
                ActorId actor,
                String name,
                Set<Role> roles,
                String secretSha256,
                Set<Role> issuerRoles) {
            this(
                    apiKeyId,
                    tenant,
                    actor,
                    name,
                    roles,
                    secretSha256,
                    issuerRoles,
                    Set.of(),
                    Permission.grantedBy(issuerRoles));
        }

        @Override
        public String targetId() {
            return apiKeyId.value();
        }
    }

    /**
     * @param revokerRoles the roles of whoever asks, for the rule that only owners revoke owner keys
     */
    public record RevokeApiKey(
            @TargetAggregateIdentifier ApiKeyId apiKeyId, TenantId tenant, ActorId actor, Set<Role> revokerRoles)
            implements AtriumCommand {
        @Override
        public String targetId() {
            return apiKeyId.value();
        }
    }
}
