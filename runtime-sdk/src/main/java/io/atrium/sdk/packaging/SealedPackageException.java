package io.atrium.sdk.packaging;

/** A sealed package could not be opened: it was tampered with, damaged, or opened with the wrong key. */
public class SealedPackageException extends RuntimeException {

    /** Why opening failed. */
    public enum Reason {
        /** The manifest's signature does not verify under the platform key. */
        SIGNATURE_INVALID,
        /** A file's bytes do not match the hash the signed manifest records. */
        HASH_MISMATCH,
        /** The archive lacks a part, holds an unlisted one, or cannot be read. */
        MALFORMED,
        /** The package is for another mini-program or version than the one asked for. */
        WRONG_PACKAGE,
        /** A file does not decrypt under the data key. */
        DECRYPTION_FAILED,
        /** The data key could not be unwrapped. */
        KEY_UNWRAP_FAILED
    }

    private final Reason reason;

    public SealedPackageException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
