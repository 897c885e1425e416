package io.atrium.events.gray;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.atrium.events.InvalidValueException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One condition on a user attribute: {@code {attribute, operator, value}}. Input is built with
 * {@link #of}, which checks it: the operator must suit the attribute, the value must suit the
 * operator, a regex must compile on RE2/J. The value is kept in a normalized form (strings, booleans,
 * longs or doubles, lists of them) so a rule compares equal after a round trip through JSON.
 */
public record Rule(
        @Nullable String attribute,
        @Nullable Operator operator,
        @Nullable Object value) {

    public static final int MAX_LIST = 1000;
    public static final int MAX_STRING = 256;
    public static final int MAX_REGEX = 200;
    /** Attribute values longer than this never match a regex (bounds the work per evaluation). */
    static final int MAX_MATCHED_INPUT = 1024;

    /**
     * A rule as it was stored: nothing is checked (history written under older limits still reads);
     * numbers are brought to the normalized form only, so a rule compares equal after a round trip
     * through JSON.
     */
    public Rule {
        value = shape(value);
    }

    /** A rule from input, checked against today's rules (see {@link #of(String, Operator, Object)}). */
    public static Rule of(@Nullable String attribute, @Nullable String operator, @Nullable Object value) {
        return of(attribute, Operator.of(operator), value);
    }

    /**
     * A rule from input: the operator must suit the attribute, the value must suit the operator, a
     * regex must compile on RE2/J; the value is normalized.
     */
    public static Rule of(@Nullable String attribute, @Nullable Operator operator, @Nullable Object value) {
        Attribute parsed = Attribute.parse(attribute);
        if (operator == null) {
            throw new InvalidValueException("operator", "operator is required");
        }
        return new Rule(attribute, operator, normalize(parsed, operator, value));
    }

    /** Integral numbers as longs, others as doubles, lists element by element: the form JSON gives back. */
    private static @Nullable Object shape(@Nullable Object value) {
        if (value instanceof Number n && !(value instanceof Long)) {
            double d = n.doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? value : normalizeNumber(d);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Rule::shape).toList();
        }
        return value;
    }

    private static Object normalize(Attribute attribute, Operator op, @Nullable Object value) {
        if (value == null) {
            throw new InvalidValueException("value", "value is required");
        }
        Attribute.Kind kind = attribute.kind;
        switch (op) {
            case PERCENTAGE -> {
                if (attribute != Attribute.USER_ID) {
                    throw new InvalidValueException("operator", "percentage applies to userId only");
                }
                double p = number(value);
                // Decimals are counted on the number as written (BigDecimal.valueOf goes by Double.toString):
                // p * 100 compared with its rounding refused 1.1, 0.29 and 0.07, whose products are not whole
                // in binary floating point.
                if (p < 0
                        || p > 100
                        || java.math.BigDecimal.valueOf(p).stripTrailingZeros().scale() > 2) {
                    throw new InvalidValueException(
                            "value", "percentage must be between 0 and 100 with at most two decimals");
                }
                return normalizeNumber(p);
            }
            case IS -> {
                if (kind != Attribute.Kind.TAG) {
                    throw new InvalidValueException("operator", "is applies to tags.<name> only");
                }
                if (!(value instanceof Boolean)) {
                    throw new InvalidValueException("value", "is takes true or false");
                }
                return value;
            }
            case MATCHES -> {
                if (kind == Attribute.Kind.VERSION) {
                    throw new InvalidValueException(
                            "operator", "matches applies to text attributes, not " + attribute.wireName);
                }
                String regex = string(value, MAX_REGEX);
                compileRegex(regex);
                return regex;
            }
            case IN -> {
                if (kind == Attribute.Kind.VERSION) {
                    throw new InvalidValueException(
                            "operator", "in applies to text attributes; use between for versions");
                }
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw new InvalidValueException("value", "in takes a non-empty list of strings");
                }
                if (list.size() > MAX_LIST) {
                    throw new InvalidValueException("value", "in takes at most " + MAX_LIST + " values");
                }
                List<String> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    try {
                        out.add(string(list.get(i), MAX_STRING));
                    } catch (InvalidValueException e) {
                        throw new InvalidValueException("value[" + i + "]", e.reason());
                    }
                }
                return List.copyOf(out);
            }
            case PREFIX, CONTAINS -> {
                if (kind == Attribute.Kind.VERSION) {
                    throw new InvalidValueException(
                            "operator", op.wireName() + " applies to text attributes, not " + attribute.wireName);
                }
                return string(value, MAX_STRING);
            }
            case EQ, NE -> {
                if (kind == Attribute.Kind.VERSION) {
                    return version(value);
                }
                if (kind == Attribute.Kind.TAG && (value instanceof Number || value instanceof Boolean)) {
                    return value instanceof Number n ? normalizeNumber(number(n)) : value;
                }
                return string(value, MAX_STRING);
            }
            case LT, LTE, GT, GTE -> {
                return ordered(kind, attribute, op, value);
            }
            case BETWEEN -> {
                if (!(value instanceof List<?> list) || list.size() != 2) {
                    throw new InvalidValueException("value", "between takes [low, high]");
                }
                Object low = ordered(kind, attribute, op, list.get(0));
                Object high = ordered(kind, attribute, op, list.get(1));
                if (compareOrdered(low, high) > 0) {
                    throw new InvalidValueException("value", "between needs low <= high");
                }
                return List.of(low, high);
            }
            default -> throw new IllegalStateException("unhandled operator " + op);
        }
    }

    private static Object ordered(Attribute.Kind kind, Attribute attribute, Operator op, Object value) {
        if (kind == Attribute.Kind.STRING) {
            throw new InvalidValueException(
                    "operator", op.wireName() + " compares versions or numbers; " + attribute.wireName + " is text");
        }
        if (kind == Attribute.Kind.TAG && value instanceof Number n) {
            return normalizeNumber(number(n));
        }
        return version(value);
    }

    private static int compareOrdered(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            DottedVersion vx = DottedVersion.parse(x);
            DottedVersion vy = DottedVersion.parse(y);
            if (vx != null && vy != null) {
                return vx.compareTo(vy);
            }
        }
        throw new InvalidValueException("value", "between needs two numbers or two versions");
    }

    private static String version(Object value) {
        String text = value instanceof Number n ? normalizeNumber(number(n)).toString() : string(value, 64);
        if (DottedVersion.parse(text) == null) {
            throw new InvalidValueException(
                    "value", "'" + text + "' is not a version (digits and dots, optional -suffix)");
        }
        return text;
    }

    private static String string(@Nullable Object value, int max) {
        if (!(value instanceof String s)) {
            throw new InvalidValueException("value", "expected a string, got " + describe(value));
        }
        if (s.isEmpty() || s.length() > max) {
            throw new InvalidValueException("value", "string must be 1-" + max + " characters");
        }
        return s;
    }

    private static double number(@Nullable Object value) {
        if (!(value instanceof Number n)) {
            throw new InvalidValueException("value", "expected a number, got " + describe(value));
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new InvalidValueException("value", "expected a finite number");
        }
        return d;
    }

    private static Object normalizeNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    private static String describe(@Nullable Object value) {
        return value instanceof List
                ? "a list"
                : value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number" : "'" + value + "'";
    }

    private static Pattern compileRegex(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidValueException("value", "regex does not compile on RE2: " + e.getDescription());
        }
    }

    /**
     * This rule as a predicate over user attributes, for the gray release {@code releaseId}. A stored
     * rule today's code cannot evaluate (an attribute or regex it no longer accepts) matches nobody:
     * those users get the full release, and history still reads.
     */
    Predicate<UserAttributes> compile(String releaseId) {
        try {
            return compileChecked(releaseId);
        } catch (InvalidValueException | ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            return user -> false;
        }
    }

    private Predicate<UserAttributes> compileChecked(String releaseId) {
        // Read once: a stored rule may lack any part (it was accepted as written).
        String attribute = this.attribute;
        Operator operator = this.operator;
        Object value = this.value;
        if (attribute == null || operator == null || value == null) {
            throw new InvalidValueException("rule", "the stored rule lacks its attribute, operator or value");
        }
        Attribute attr = Attribute.parse(attribute);
        String tag = attr == Attribute.TAG ? attribute.substring(5) : null;
        Predicate<String> test = switch (operator) {
            case PERCENTAGE -> {
                long threshold = Math.round(((Number) value).doubleValue() * 100);
                yield userId -> StableBucket.of(releaseId, userId) < threshold;
            }
            case IS -> {
                String expected = value.toString();
                yield actual -> actual.equalsIgnoreCase(expected);
            }
            case MATCHES -> {
                Pattern pattern = compileRegex((String) value);
                yield actual -> actual.length() <= MAX_MATCHED_INPUT
                        && pattern.matcher(actual).find();
            }
            case IN -> {
                Set<String> set = new HashSet<>(asStrings(value));
                yield set::contains;
            }
            case PREFIX -> {
                String prefix = (String) value;
                yield actual -> actual.startsWith(prefix);
            }
            case CONTAINS -> {
                String part = (String) value;
                yield actual -> actual.contains(part);
            }
            case EQ, NE, LT, LTE, GT, GTE -> comparison(attr, operator, value);
            case BETWEEN -> {
                List<?> bounds = (List<?>) value;
                Predicate<String> low = comparison(attr, Operator.GTE, bounds.get(0));
                Predicate<String> high = comparison(attr, Operator.LTE, bounds.get(1));
                yield low.and(high);
            }
        };
        return user -> {
            String actual = user.get(attr, tag);
            return actual != null && test.test(actual);
        };
    }

    private static Predicate<String> comparison(Attribute attr, Operator op, Object expected) {
        if (expected instanceof Number n) {
            double target = n.doubleValue();
            return actual -> {
                double v;
                try {
                    v = Double.parseDouble(actual);
                } catch (NumberFormatException e) {
                    return false;
                }
                return holds(op, Double.compare(v, target));
            };
        }
        if (expected instanceof Boolean b) {
            return actual -> holds(
                    op,
                    Boolean.parseBoolean(actual) == b
                                    && ("true".equalsIgnoreCase(actual) || "false".equalsIgnoreCase(actual))
                            ? 0
                            : 1);
        }
        String text = (String) expected;
        if (attr.kind == Attribute.Kind.VERSION || op.isOrdering()) {
            DottedVersion target = DottedVersion.parse(text);
            if (target == null) {
                return actual -> false;
            }
            return actual -> {
                DottedVersion v = DottedVersion.parse(actual);
                return v != null && holds(op, v.compareTo(target));
            };
        }
        return actual -> holds(op, actual.equals(text) ? 0 : 1);
    }

    private static boolean holds(Operator op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            default -> throw new IllegalStateException(op.toString());
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> asStrings(Object value) {
        return (List<String>) value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r
                && Objects.equals(attribute, r.attribute)
                && operator == r.operator
                && Objects.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, operator, value);
    }
}
