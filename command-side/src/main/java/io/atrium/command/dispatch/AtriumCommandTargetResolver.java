package io.atrium.command.dispatch;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Finds the aggregate a command addresses through {@link AtriumCommand#targetId()}, the id the
 * dispatcher already locks and answers with. Axon's annotation resolver walked the command class's
 * fields, methods and annotations by reflection on every command (it caches nothing). Atrium does
 * not use expected aggregate versions; concurrency is the per-aggregate lock plus the unique
 * (aggregate, sequence) key of the event table.
 */
public final class AtriumCommandTargetResolver implements CommandTargetResolver {

    private final CommandTargetResolver fallback =
            AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof AtriumCommand atrium) {
            return new VersionedAggregateIdentifier(atrium.targetId(), null);
        }
        return fallback.resolveTarget(command);
    }
}
