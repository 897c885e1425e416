package io.atrium.command.apikey;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.apikey.ApiKeyCommands.IssueApiKey;
import io.atrium.command.apikey.ApiKeyCommands.RevokeApiKey;
import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** An API key: issued with roles, revoked once. Only an owner may create another owner. */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class ApiKey {

    @AggregateIdentifier
    private ApiKeyId apiKeyId;
    private TenantId tenant;
    private boolean revoked;

    protected ApiKey() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public ApiKey(IssueApiKey command) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidValueException("name", "name must be 1-100 characters");
        }
        if (command.roles() == null || command.roles().isEmpty()) {
            throw new InvalidValueException("roles", "a key needs at least one role");
        }
        if (command.roles().contains(Role.OWNER) && !command.issuerRoles().contains(Role.OWNER)) {
            throw new InvariantViolation(Invariant.OWNER_ONLY);
        }
        apply(new ApiKeyIssued(command.apiKeyId(), command.tenant(), name, command.roles(), command.secretSha256(), command.actor()));
    }

    @CommandHandler
    void handle(RevokeApiKey command) {
        if (!tenant.equals(command.tenant())) {
            throw new UnknownResourceException("API key", apiKeyId.value());
        }
        if (revoked) {
            throw new InvariantViolation(Invariant.ALREADY_REVOKED);
        }
        apply(new ApiKeyRevoked(apiKeyId, command.actor()));
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        apiKeyId = event.apiKeyId();
        tenant = event.tenantId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
