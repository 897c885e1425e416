package io.atrium.command.member;

import io.atrium.events.InvalidValueException;
import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address as members are known by: trimmed, lower-cased, of a plain shape. */
public final class Email {

    private static final Pattern FORMAT = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{1,63}");

    private Email() {}

    public static String parse(String field, String value) {
        String email = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !FORMAT.matcher(email).matches()) {
            throw new InvalidValueException(field, "'" + value + "' is not an e-mail address");
        }
        return email;
    }
}
