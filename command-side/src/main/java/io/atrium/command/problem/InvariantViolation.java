package io.atrium.command.problem;

import org.jspecify.annotations.Nullable;

/** A command would break a rule of its aggregate; nothing was recorded. */
public class InvariantViolation extends RuntimeException {

    private final Invariant invariant;

    public InvariantViolation(Invariant invariant, @Nullable String detail) {
        super(invariant.description() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.invariant = invariant;
    }

    public InvariantViolation(Invariant invariant) {
        this(invariant, null);
    }

    public Invariant invariant() {
        return invariant;
    }
}
