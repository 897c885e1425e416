package io.atrium.sdk.policy;

/**
 * A call the policy refused: it failed to the mini-program with {@code reason} and never reached
 * the host's code.
 *
 * @param miniProgramId who called
 * @param api           the built-in API, or {@code invokeHostApi:<name>}, or {@code request:<host>}
 * @param reason        why it was refused
 */
public record PolicyDenial(String miniProgramId, String api, String reason) {}
