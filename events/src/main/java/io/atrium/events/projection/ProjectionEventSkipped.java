package io.atrium.events.projection;

import io.atrium.events.ActorId;
import io.atrium.events.EventType;
import java.util.Objects;

/**
 * An operator told a projection to pass over an event it could not read (a poison event). The read
 * model never reflects that event; this fact says who decided so, why, and what the event was.
 *
 * @param position  the skipped event's global position in the log
 * @param eventType the skipped event's stored type name, as the log holds it
 * @param error     why the projection could not read it
 * @param reason    the operator's reason
 */
@EventType(name = "atrium.projection.ProjectionEventSkipped")
public record ProjectionEventSkipped(
        String projection, long position, String eventType, String error, String reason, ActorId skippedBy)
        implements ProjectionEvent {

    public ProjectionEventSkipped {
        Objects.requireNonNull(projection, "projection");
        eventType = eventType == null ? "" : eventType;
        error = error == null ? "" : error;
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(skippedBy, "skippedBy");
    }
}
