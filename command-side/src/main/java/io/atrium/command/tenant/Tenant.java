package io.atrium.command.tenant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.problem.Invariant;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.tenant.TenantCommands.CreateTenant;
import io.atrium.command.tenant.TenantCommands.DeleteTenant;
import io.atrium.command.tenant.TenantCommands.ResumeTenant;
import io.atrium.command.tenant.TenantCommands.SuspendTenant;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.tenant.TenantCreated;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantEvent;
import io.atrium.events.tenant.TenantResumed;
import io.atrium.events.tenant.TenantSuspended;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A tenant: created active, suspended and resumed any number of times, deleted once. The platform's
 * own tenant ({@link TenantId#DEFAULT}) has no stream: it exists implicitly, and nobody may create,
 * suspend or delete it (the platform operators live there).
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargetResolver")
public class Tenant {

    static final int MAX_NAME = 100;
    static final int MAX_REASON = 500;

    // Axon builds the aggregate empty; the creation event's handler sets the NullAway.Init fields before anything reads
    // them.
    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private String streamId;

    private TenantState state = TenantState.ACTIVE;

    protected Tenant() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Tenant(CreateTenant command, TenantDirectory directory) {
        String name = text("name", command.name(), MAX_NAME);
        if (command.subject().equals(TenantId.DEFAULT) || directory.exists(command.subject())) {
            throw new InvariantViolation(
                    Invariant.TENANT_EXISTS, command.subject().value());
        }
        apply(new TenantCreated(command.subject(), name, command.actor()));
    }

    @CommandHandler
    void handle(SuspendTenant command) {
        String reason = text("reason", command.reason(), MAX_REASON);
        requireNotDeleted();
        if (state == TenantState.SUSPENDED) {
            throw new InvariantViolation(Invariant.ALREADY_SUSPENDED);
        }
        apply(new TenantSuspended(command.subject(), reason, command.actor()));
    }

    @CommandHandler
    void handle(ResumeTenant command) {
        requireNotDeleted();
        if (state != TenantState.SUSPENDED) {
            throw new InvariantViolation(Invariant.NOT_SUSPENDED);
        }
        apply(new TenantResumed(command.subject(), command.actor()));
    }

    @CommandHandler
    void handle(DeleteTenant command) {
        String reason = command.reason() == null ? "" : command.reason().strip();
        if (reason.length() > MAX_REASON) {
            throw new InvalidValueException("reason", "reason must be at most " + MAX_REASON + " characters");
        }
        requireNotDeleted();
        apply(new TenantDeleted(command.subject(), reason, command.actor()));
    }

    private void requireNotDeleted() {
        if (state == TenantState.DELETED) {
            throw new InvariantViolation(Invariant.TENANT_DELETED);
        }
    }

    private static String text(String field, String value, int max) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty() || stripped.length() > max) {
            throw new InvalidValueException(field, field + " must be 1-" + max + " characters");
        }
        return stripped;
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        streamId = TenantEvent.streamId(event.tenantId());
        state = TenantState.ACTIVE;
    }

    @EventSourcingHandler
    void on(TenantSuspended event) {
        state = TenantState.SUSPENDED;
    }

    @EventSourcingHandler
    void on(TenantResumed event) {
        state = TenantState.ACTIVE;
    }

    @EventSourcingHandler
    void on(TenantDeleted event) {
        state = TenantState.DELETED;
    }
}
