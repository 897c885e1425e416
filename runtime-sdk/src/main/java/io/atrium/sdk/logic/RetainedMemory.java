package io.atrium.sdk.logic;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.ClassCache;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Estimates the memory a mini-program keeps: everything reachable from its global scope through
 * the fields of Rhino's own objects. Walking fields rather than asking objects for their
 * properties finds what properties do not show (a pending promise's reactions, a suspended
 * generator's locals, a bound function's arguments, Symbol-keyed slots, Map and Set entries,
 * compiled regular expressions) and never runs the mini-program's code (no getter, no proxy
 * trap is called).
 *
 * <p>Only Rhino's classes ({@code org.mozilla.javascript..}), scriptable objects, collections, maps
 * and arrays are walked into; anything else reached (a thread, a class, the context, the host's objects) counts
 * as one object and is not followed. The figure is an estimate (one byte per character for a
 * Latin-1 string, two otherwise, as the JVM keeps them; a BigInt at its bits; a fixed overhead per object and reference; primitive arrays at their
 * element size), close enough to tell 10 MB from 1 GB, which is what the bound is for. The walk
 * stops as soon as it passes {@code stopAbove}, so its cost is bounded by the bound itself.
 */
final class RetainedMemory {

    static final long OBJECT = 16;
    static final long REFERENCE = 8;
    static final long STRING = 40;

    /** The reference fields of each walked class and its superclasses, found once. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        try {
                            f.setAccessible(true);
                            fields.add(f);
                        } catch (RuntimeException e) {
                            // A field that cannot be opened is left out of the estimate.
                        }
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private RetainedMemory() {}

    /** Bytes reachable from {@code root}, or a figure above {@code stopAbove} as soon as the walk passes it. */
    static long of(Object root, long stopAbove) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        long total = 0;
        while (!todo.isEmpty() && total <= stopAbove) {
            Object o = todo.pop();
            if (seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = o.getClass();
            if (o instanceof String s) {
                total += STRING + (long) s.length() * (latin1(s) ? 1 : 2);
            } else if (o instanceof java.math.BigInteger big) {
                total += OBJECT + big.bitLength() / 8;
            } else if (type.isArray()) {
                int length = Array.getLength(o);
                Class<?> component = type.getComponentType();
                if (component.isPrimitive()) {
                    total += OBJECT + (long) length * primitiveSize(component);
                } else {
                    total += OBJECT + (long) length * REFERENCE;
                    Object[] elements = (Object[]) o;
                    for (Object element : elements) {
                        push(todo, element);
                    }
                }
            } else if (o instanceof Collection<?> collection && type.getName().startsWith("java.util.")) {
                total += OBJECT + (long) collection.size() * 2 * REFERENCE;
                collection.forEach(e -> push(todo, e));
            } else if (o instanceof Map<?, ?> map && type.getName().startsWith("java.util.")) {
                total += OBJECT + (long) map.size() * 4 * REFERENCE;
                map.forEach((k, v) -> {
                    push(todo, k);
                    push(todo, v);
                });
            } else if (walked(type)) {
                List<Field> fields = FIELDS.get(type);
                total += OBJECT + (long) fields.size() * REFERENCE;
                for (Field f : fields) {
                    try {
                        push(todo, f.get(o));
                    } catch (IllegalAccessException | RuntimeException e) {
                        // Left out of the estimate.
                    }
                }
            } else {
                total += OBJECT;
            }
        }
        return total;
    }

    /**
     * Rhino's own objects and every scriptable object (the runtime's own functions and refusals
     * carry property slots a script can write to), except the ones that belong to the runtime
     * rather than to a script.
     */
    private static boolean walked(Class<?> type) {
        return (type.getName().startsWith("org.mozilla.javascript.")
                        || org.mozilla.javascript.ScriptableObject.class.isAssignableFrom(type))
                && !Context.class.isAssignableFrom(type)
                && !ContextFactory.class.isAssignableFrom(type)
                && !ClassCache.class.isAssignableFrom(type);
    }

    /** Whether the JVM can keep the string in one byte a character (compact strings). */
    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void push(Deque<Object> todo, Object o) {
        if (o != null
                && !(o instanceof Boolean)
                && !(o instanceof Number && !(o instanceof java.math.BigInteger))
                && !(o instanceof Character)
                && !(o instanceof Class<?>)
                && !(o instanceof Thread)
                && !(o instanceof ClassLoader)) {
            todo.push(o);
        }
    }

    private static long primitiveSize(Class<?> component) {
        if (component == byte.class || component == boolean.class) {
            return 1;
        }
        if (component == char.class || component == short.class) {
            return 2;
        }
        if (component == long.class || component == double.class) {
            return 8;
        }
        return 4;
    }
}
