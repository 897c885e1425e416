package io.atrium.events.access;

/** The request carries no valid API key. */
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}
