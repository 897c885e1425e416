package io.atrium.command.apikey;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.Role;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the ApiKey aggregate. */
public final class ApiKeyCommands {

    private ApiKeyCommands() {}

    /**
     * @param secretSha256 SHA-256 of the key the caller will be given; the key itself never reaches the aggregate
     * @param issuerRoles  the roles of whoever asks, for the rule that only owners make owners
     */
    public record IssueApiKey(
            @TargetAggregateIdentifier ApiKeyId apiKeyId,
            TenantId tenant,
            ActorId actor,
            String name,
            Set<Role> roles,
            String secretSha256,
            Set<Role> issuerRoles)
            implements AtriumCommand {
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
