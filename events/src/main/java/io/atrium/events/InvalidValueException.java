package io.atrium.events;

/**
 * A value type refused what it was built from. Carries the field at fault so that an HTTP layer can
 * answer a 400 naming it.
 */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
        this.reason = message;
    }

    /** What is wrong with the value, without the field: the message this was built with. */
    public String reason() {
        return reason;
    }

    /** The name (or dotted path) of the field whose value was refused. */
    public String field() {
        return field;
    }

    /** The same refusal, reported under a path prefix, e.g. {@code groups[1].rules[0]}. */
    public InvalidValueException under(String prefix) {
        return new InvalidValueException(prefix + (field.isEmpty() ? "" : "." + field), reason);
    }

    static String require(String field, String value, java.util.regex.Pattern pattern, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, field + " is required");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidValueException(field, field + " '" + abbreviate(value) + "' is not " + what);
        }
        return value;
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
