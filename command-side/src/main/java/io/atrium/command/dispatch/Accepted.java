package io.atrium.command.dispatch;

/**
 * A command was recorded.
 *
 * @param id       the aggregate it changed (or created)
 * @param position the event-log position of its last event; a query with {@code minPosition} at least
 *                 this reads the change
 * @param replayed true when this answers a retried request whose first answer it repeats
 */
public record Accepted(String id, long position, boolean replayed) {}
