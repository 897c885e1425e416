package io.atrium.sdk.view;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JavaScript's value rules, as bindings need them, over JSON-shaped Java values. */
public final class Values {

    /** JavaScript's {@code undefined}: renders as nothing, is falsy, equals null loosely. */
    public static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    private Values() {}

    public static boolean truthy(@Nullable Object v) {
        if (v == null || v == UNDEFINED || Boolean.FALSE.equals(v)) {
            return false;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        return !(v instanceof String s) || !s.isEmpty();
    }

    public static double number(@Nullable Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v == null) {
            return 0;
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (t.isEmpty()) {
                return 0;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Integral doubles become longs, so {@code 1 + 1} renders {@code 2}, not {@code 2.0}. */
    public static Object normalize(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15
                ? (Object) (long) d
                : (Object) d;
    }

    /** How a value shows in text. */
    public static String string(@Nullable Object v) {
        if (v == null || v == UNDEFINED) {
            return "";
        }
        if (v instanceof Double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) (double) d) : Double.toString(d);
        }
        if (v instanceof Float f) {
            return string(f.doubleValue());
        }
        if (v instanceof List<?> list) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",").append(string(list.get(i)));
            }
            return out.toString();
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return v.toString();
    }

    public static @Nullable Object member(@Nullable Object target, @Nullable Object key) {
        if (target == null || target == UNDEFINED) {
            return UNDEFINED;
        }
        String name = key instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                ? Long.toString(n.longValue())
                : string(key);
        if (target instanceof Map<?, ?> map) {
            return map.containsKey(name) ? map.get(name) : UNDEFINED;
        }
        if (target instanceof List<?> list) {
            if (name.equals("length")) {
                return (long) list.size();
            }
            try {
                int index = Integer.parseInt(name);
                return index >= 0 && index < list.size() ? list.get(index) : UNDEFINED;
            } catch (NumberFormatException e) {
                return UNDEFINED;
            }
        }
        if (target instanceof String s) {
            if (name.equals("length")) {
                return (long) s.length();
            }
            try {
                int index = Integer.parseInt(name);
                return index >= 0 && index < s.length() ? String.valueOf(s.charAt(index)) : UNDEFINED;
            } catch (NumberFormatException e) {
                return UNDEFINED;
            }
        }
        return UNDEFINED;
    }

    public static boolean strictEquals(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a == UNDEFINED || b == UNDEFINED || a == null || b == null) {
            return a == b;
        }
        if (a instanceof String || a instanceof Boolean) {
            return a.equals(b);
        }
        return a == b;
    }

    public static boolean looseEquals(@Nullable Object a, @Nullable Object b) {
        boolean aNullish = a == null || a == UNDEFINED;
        boolean bNullish = b == null || b == UNDEFINED;
        if (a == null || b == null || aNullish || bNullish) {
            return aNullish && bNullish;
        }
        if (a.getClass() == b.getClass() || (a instanceof Number && b instanceof Number)) {
            return strictEquals(a, b);
        }
        if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
            return string(a).equals(string(b));
        }
        return number(a) == number(b);
    }

    /** -1, 0 or 1; {@link #UNORDERED} when either side is NaN, which makes every comparison false. */
    public static int compare(@Nullable Object a, @Nullable Object b) {
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        double x = number(a);
        double y = number(b);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return UNORDERED;
        }
        return Double.compare(x, y);
    }

    /** The result of comparing with NaN. */
    public static final int UNORDERED = 2;
}
