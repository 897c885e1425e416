package io.atrium.command.problem;

/** The thing a command addresses does not exist (or belongs to another tenant, which looks the same). */
public class UnknownResourceException extends RuntimeException {

    private final String kind;
    private final String id;

    public UnknownResourceException(String kind, String id) {
        super("no " + kind + " " + id);
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
