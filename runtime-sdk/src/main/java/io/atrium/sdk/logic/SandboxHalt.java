package io.atrium.sdk.logic;

/**
 * Stops a script where it stands. A Java {@link Error}, on purpose: Rhino runs neither a
 * script's {@code catch} nor its {@code finally} for one, so a script cannot swallow its own
 * budget running out.
 */
final class SandboxHalt extends Error {

    final SandboxViolation violation;

    SandboxHalt(SandboxViolation violation) {
        super(violation.getMessage(), null, false, false);
        this.violation = violation;
    }
}
