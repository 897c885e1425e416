package io.atrium.command.hostapp;

import io.atrium.command.hostapp.HostAppCommands.AssociateMiniProgram;
import io.atrium.command.miniprogram.MiniProgram;
import io.atrium.command.problem.UnknownResourceException;
import io.atrium.events.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Associates a mini-program with a host app. It spans two aggregates: the mini-program must exist
 * in the caller's tenant (read from its own event stream, never from a read model) before the host
 * app records the association.
 */
@Component
public class AssociationHandler {

    private final Configuration axon;

    public AssociationHandler(@org.springframework.context.annotation.Lazy Configuration axon) {
        this.axon = axon;
    }

    @CommandHandler
    public void handle(AssociateMiniProgram command) {
        TenantId tenant;
        try {
            tenant = axon.repository(MiniProgram.class)
                    .load(command.miniProgramId().value())
                    .invoke(MiniProgram::tenant);
        } catch (AggregateNotFoundException e) {
            throw new UnknownResourceException(
                    "mini-program", command.miniProgramId().value());
        }
        if (!tenant.equals(command.tenant())) {
            throw new UnknownResourceException(
                    "mini-program", command.miniProgramId().value());
        }
        axon.repository(HostApp.class)
                .load(command.hostAppId().value())
                .execute(hostApp -> hostApp.associate(command, command.miniProgramId()));
    }
}
