package io.atrium.command.security;

import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.events.ActorId;
import io.atrium.events.TenantId;
import io.atrium.events.security.SecurityRecordId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** The commands of the SecurityRecord aggregate; only {@link SecurityLog} sends them. */
public final class SecurityRecordCommands {

    private SecurityRecordCommands() {}

    /** Common shape: the record addressed (always a new one). */
    public interface SecurityRecordCommand extends AtriumCommand {
        SecurityRecordId recordId();

        @Override
        default String targetId() {
            return recordId().value();
        }
    }

    public record RecordRefusal(
            @TargetAggregateIdentifier SecurityRecordId recordId,
            TenantId tenant,
            ActorId actor,
            String method,
            String route,
            int status,
            String problemType,
            @Nullable String principal,
            long suppressed)
            implements SecurityRecordCommand {}

    public record RecordSensitiveRead(
            @TargetAggregateIdentifier SecurityRecordId recordId,
            TenantId tenant,
            ActorId actor,
            String method,
            String route,
            @Nullable String query,
            @Nullable String principal)
            implements SecurityRecordCommand {}
}
