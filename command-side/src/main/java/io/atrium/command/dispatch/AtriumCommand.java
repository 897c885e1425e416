package io.atrium.command.dispatch;

import io.atrium.events.ActorId;
import io.atrium.events.TenantId;

/** What every command carries besides its own facts. */
public interface AtriumCommand {

    /** The id of the aggregate the command addresses. */
    String targetId();

    /** The tenant of the caller; an aggregate of another tenant is, to this command, unknown. */
    TenantId tenant();

    /** Who asks. */
    ActorId actor();
}
