package io.atrium.projections.runner;

/**
 * A skip the runner refused: it is not stopped on a poison event, or the operator confirmed another
 * position than the one it is stopped at.
 */
public class SkipRefusedException extends RuntimeException {

    private final String rule;

    public SkipRefusedException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** The rule that refused it: {@code not-stopped-on-poison} or {@code position-mismatch}. */
    public String rule() {
        return rule;
    }
}
