package io.atrium.command.security;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.atrium.command.security.SecurityRecordCommands.RecordRefusal;
import io.atrium.command.security.SecurityRecordCommands.RecordSensitiveRead;
import io.atrium.events.security.RequestRefused;
import io.atrium.events.security.SecurityRecordId;
import io.atrium.events.security.SensitiveDataRead;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One entry of the security log: created by its only command, never changed. An aggregate of its own
 * per record (rather than one per tenant) so that recording takes no lock another record holds, and
 * the entry gets its tenant, actor, client address and position the way every other event does. Not
 * kept in the aggregate cache: nothing addresses a record again.
 */
@Aggregate(commandTargetResolver = "commandTargetResolver")
public class SecurityRecord {

    static final int MAX_ROUTE = 200;
    static final int MAX_QUERY = 500;

    @AggregateIdentifier
    @SuppressWarnings("NullAway.Init")
    private SecurityRecordId recordId;

    protected SecurityRecord() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public SecurityRecord(RecordRefusal command) {
        if (command.status() != 401 && command.status() != 403) {
            throw new IllegalArgumentException("a refusal is a 401 or a 403, not " + command.status());
        }
        apply(new RequestRefused(
                command.recordId(),
                command.method(),
                cut(command.route(), MAX_ROUTE),
                command.status(),
                command.problemType(),
                command.principal(),
                Math.max(0, command.suppressed())));
    }

    @CommandHandler
    public SecurityRecord(RecordSensitiveRead command) {
        String query = command.query();
        apply(new SensitiveDataRead(
                command.recordId(),
                command.method(),
                cut(command.route(), MAX_ROUTE),
                query == null || query.isEmpty() ? null : cut(query, MAX_QUERY),
                command.principal()));
    }

    /** Routes and queries come from the request: bounded so a hostile client cannot bloat the log. */
    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    @EventSourcingHandler
    void on(RequestRefused event) {
        recordId = event.recordId();
    }

    @EventSourcingHandler
    void on(SensitiveDataRead event) {
        recordId = event.recordId();
    }
}
