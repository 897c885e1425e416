package io.atrium.sdk.logic;

/** An API call failed; the message reaches the script (as its error, or as {@code errMsg}). */
public class ApiFailure extends RuntimeException {

    public ApiFailure(String message) {
        super(message);
    }
}
