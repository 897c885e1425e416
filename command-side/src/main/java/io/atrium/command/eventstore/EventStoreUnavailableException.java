package io.atrium.command.eventstore;

/**
 * The event store cannot be reached (down, unreachable, or not answering in time). A command that
 * fails with it recorded nothing, so the caller may retry it as it was.
 */
public class EventStoreUnavailableException extends RuntimeException {

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
