package io.atrium.command.dispatch;

/** The write side could not take the command now (too many waiting, or the aggregate stayed busy); retry later. */
public class BusyException extends RuntimeException {

    public BusyException(String message) {
        super(message);
    }
}
