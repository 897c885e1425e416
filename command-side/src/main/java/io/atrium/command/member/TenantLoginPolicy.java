package io.atrium.command.member;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.member.MemberCommands.SetLoginPolicy;
import io.atrium.events.member.LoginPolicySet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A tenant's login policy, one stream per tenant ({@code lpol-...}): each change states the whole
 * policy. The values were checked when the command was built ({@link LoginPolicy#of}).
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class TenantLoginPolicy {

    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private String policyId;

    protected TenantLoginPolicy() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetLoginPolicy command) {
        LoginPolicy p = command.policy();
        apply(new LoginPolicySet(
                command.policyId(),
                command.tenant(),
                p.minLength(),
                p.requiredClasses(),
                p.rejectCommonPasswords(),
                p.expiryDays(),
                p.maxFailedAttempts(),
                p.lockoutMinutes(),
                command.actor()));
    }

    @EventSourcingHandler
    void on(LoginPolicySet e) {
        policyId = e.policyId();
    }
}
