package io.atrium.command.member;

import io.atrium.events.InvalidValueException;
import io.atrium.events.member.LoginPolicySet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tenant's login policy. {@link #DEFAULT} holds until an owner or admin sets one: 12 characters
 * (NIST SP 800-63B asks for at least 8 and values length over composition), no class rule, the
 * common-password list on, no expiry, a 15-minute lockout after 5 failures in a row.
 */
public record LoginPolicy(
        int minLength,
        List<String> requiredClasses,
        boolean rejectCommonPasswords,
        int expiryDays,
        int maxFailedAttempts,
        int lockoutMinutes) {

    public static final Set<String> CLASSES = Set.of("lower", "upper", "digit", "symbol");
    public static final LoginPolicy DEFAULT = new LoginPolicy(12, List.of(), true, 0, 5, 15);
    /** Argon2 and the request body bound a password's length; 128 leaves room for passphrases. */
    public static final int MAX_LENGTH = 128;

    public LoginPolicy {
        requiredClasses = List.copyOf(requiredClasses);
    }

    /** A policy from input, each field checked. */
    public static LoginPolicy of(
            Integer minLength,
            List<String> requiredClasses,
            Boolean rejectCommonPasswords,
            Integer expiryDays,
            Integer maxFailedAttempts,
            Integer lockoutMinutes) {
        int min = within("minLength", minLength, 8, 64);
        List<String> classes = requiredClasses == null ? List.of() : requiredClasses;
        for (int i = 0; i < classes.size(); i++) {
            if (!CLASSES.contains(classes.get(i))) {
                throw new InvalidValueException(
                        "requiredClasses[" + i + "]",
                        "'" + classes.get(i) + "' is not one of lower, upper, digit, symbol");
            }
        }
        if (rejectCommonPasswords == null) {
            throw new InvalidValueException("rejectCommonPasswords", "rejectCommonPasswords is required");
        }
        return new LoginPolicy(
                min,
                classes.stream().distinct().sorted().toList(),
                rejectCommonPasswords,
                within("expiryDays", expiryDays, 0, 3650),
                within("maxFailedAttempts", maxFailedAttempts, 1, 100),
                within("lockoutMinutes", lockoutMinutes, 1, 24 * 60));
    }

    private static int within(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw new InvalidValueException(field, field + " must be " + min + "-" + max);
        }
        return value;
    }

    public static LoginPolicy of(LoginPolicySet event) {
        return new LoginPolicy(
                event.minLength(),
                event.requiredClasses(),
                event.rejectCommonPasswords(),
                event.expiryDays(),
                event.maxFailedAttempts(),
                event.lockoutMinutes());
    }

    /**
     * Checks a new password against the policy.
     *
     * @throws InvalidValueException naming {@code field} and the rule it broke
     */
    public void check(String field, String password, CommonPasswords common) {
        if (password == null || password.length() < minLength) {
            throw new InvalidValueException(field, "a password needs at least " + minLength + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidValueException(field, "a password may have at most " + MAX_LENGTH + " characters");
        }
        for (String cls : requiredClasses) {
            boolean has = password.chars().anyMatch(c -> switch (cls) {
                case "lower" -> Character.isLowerCase(c);
                case "upper" -> Character.isUpperCase(c);
                case "digit" -> Character.isDigit(c);
                default -> !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
            });
            if (!has) {
                throw new InvalidValueException(field, "a password needs at least one " + describe(cls) + " character");
            }
        }
        if (rejectCommonPasswords && common.contains(password)) {
            throw new InvalidValueException(
                    field, "this password is on the list of common and breached passwords; choose another");
        }
    }

    private static String describe(String cls) {
        return switch (cls) {
            case "lower" -> "lower-case";
            case "upper" -> "upper-case";
            case "digit" -> "digit";
            default -> "symbol".toLowerCase(Locale.ROOT);
        };
    }
}
