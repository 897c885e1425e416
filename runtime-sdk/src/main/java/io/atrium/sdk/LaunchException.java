package io.atrium.sdk;

/** A launch was refused or failed; {@link #reason()} says which way, the message says what exactly. */
public class LaunchException extends RuntimeException {

    /** Why a launch ended. */
    public enum Reason {
        /** The platform refused the request (not associated, delisted, no release, bad credentials). */
        REFUSED,
        /** The platform could not be reached, or answered something unreadable. */
        UNREACHABLE,
        /** The package's signature does not verify, or it is signed by a key the runtime does not trust. */
        BAD_SIGNATURE,
        /** A file or the package does not match its hash, or does not decrypt. */
        TAMPERED,
        /** The package is not a valid mini-program (validation, a missing page, app.js failed). */
        INVALID_PACKAGE,
        /** An unsigned package, and the runtime was not built to allow them. */
        UNSIGNED
    }

    private final Reason reason;

    public LaunchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LaunchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
