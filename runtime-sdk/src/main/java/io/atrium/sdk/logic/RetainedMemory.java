package io.atrium.sdk.logic;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Hashtable;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.typedarrays.NativeArrayBuffer;
import org.mozilla.javascript.typedarrays.NativeArrayBufferView;

/**
 * Estimates the memory a mini-program keeps: everything reachable from its global scope (objects
 * and their properties, closures' scopes, strings, arrays, {@code Map}/{@code Set}/{@code WeakMap}
 * contents, array buffers). It never runs the mini-program's code: accessors are walked as the
 * functions they are, not called.
 *
 * <p>The figure is an estimate (one byte per character, as the JVM keeps Latin-1 strings, plus a fixed
 * overhead per object and property), close enough to tell 10 MB from 1 GB, which is
 * what the bound is for. The walk stops as soon as it passes {@code stopAbove}, so its cost is
 * bounded by the bound itself.
 */
final class RetainedMemory {

    static final long OBJECT = 64;
    static final long PROPERTY = 32;
    static final long STRING = 40;

    private static final Method DESCRIPTOR = method(ScriptableObject.class, "getOwnPropertyDescriptor", Context.class, Object.class);
    private static final Field MAP_ENTRIES = field("org.mozilla.javascript.NativeMap", "entries");
    private static final Field SET_ENTRIES = field("org.mozilla.javascript.NativeSet", "entries");
    private static final Field WEAK_MAP = field("org.mozilla.javascript.NativeWeakMap", "map");
    private static final Field ENTRY_KEY = field("org.mozilla.javascript.Hashtable$Entry", "key");
    private static final Field ENTRY_VALUE = field("org.mozilla.javascript.Hashtable$Entry", "value");
    private static final Field PROXY_TARGET = field("org.mozilla.javascript.NativeProxy", "targetObj");
    private static final Field PROXY_HANDLER = field("org.mozilla.javascript.NativeProxy", "handlerObj");

    private RetainedMemory() {
    }

    /** Bytes reachable from {@code root}, or a figure above {@code stopAbove} as soon as the walk passes it. */
    static long of(Context cx, Scriptable root, long stopAbove) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        long total = 0;
        while (!todo.isEmpty() && total <= stopAbove) {
            Object o = todo.pop();
            if (o == null || o instanceof Boolean || o instanceof Number || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            if (o instanceof CharSequence s) {
                // A rope (ConsString) reports its length without being flattened.
                total += STRING + s.length();
                continue;
            }
            if (!(o instanceof Scriptable object)) {
                total += OBJECT;
                continue;
            }
            total += OBJECT;
            push(todo, object.getPrototype());
            push(todo, object.getParentScope());
            if (object instanceof NativeArrayBuffer buffer) {
                total += buffer.getLength();
            }
            if (object instanceof NativeArrayBufferView view) {
                push(todo, view.getBuffer());
            }
            if (PROXY_TARGET != null && PROXY_HANDLER != null && PROXY_TARGET.getDeclaringClass().isInstance(object)) {
                // A proxy's own properties come from its traps, which are the mini-program's code:
                // walk what it holds instead of asking it.
                push(todo, read(PROXY_TARGET, object));
                push(todo, read(PROXY_HANDLER, object));
                continue;
            }
            total += contents(object, todo);
            if (object instanceof ScriptableObject so) {
                Object[] ids = so.getAllIds();
                total += PROPERTY * (long) ids.length;
                for (Object id : ids) {
                    push(todo, id);
                    ownValue(cx, so, id, todo);
                }
            }
        }
        return total;
    }

    /** The entries of Map, Set and WeakMap, which are not properties. */
    private static long contents(Scriptable object, Deque<Object> todo) {
        try {
            Field entries = MAP_ENTRIES != null && MAP_ENTRIES.getDeclaringClass().isInstance(object) ? MAP_ENTRIES
                    : SET_ENTRIES != null && SET_ENTRIES.getDeclaringClass().isInstance(object) ? SET_ENTRIES : null;
            if (entries != null && ENTRY_KEY != null && ENTRY_VALUE != null) {
                long n = 0;
                for (Hashtable.Entry entry : (Hashtable) entries.get(object)) {
                    push(todo, ENTRY_KEY.get(entry));
                    push(todo, ENTRY_VALUE.get(entry));
                    n++;
                }
                return n * PROPERTY;
            }
            if (WEAK_MAP != null && WEAK_MAP.getDeclaringClass().isInstance(object) && WEAK_MAP.get(object) instanceof Map<?, ?> weak) {
                Collection<?> values = weak.values();
                values.forEach(v -> push(todo, v));
                return values.size() * PROPERTY;
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // A Rhino whose internals moved: the entries go uncounted rather than the walk failing.
        }
        return 0;
    }

    /** A property's value, or its getter and setter, without calling either. */
    private static void ownValue(Context cx, ScriptableObject so, Object id, Deque<Object> todo) {
        if (DESCRIPTOR == null) {
            return;
        }
        try {
            if (DESCRIPTOR.invoke(so, cx, id) instanceof ScriptableObject.DescriptorInfo d) {
                push(todo, d.value);
                push(todo, d.getter);
                push(todo, d.setter);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A property that cannot be described is left out of the estimate.
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static void push(Deque<Object> todo, Object o) {
        if (o != null && !(o instanceof Boolean) && !(o instanceof Number) && o != Scriptable.NOT_FOUND) {
            todo.push(o);
        }
    }

    private static Method method(Class<?> owner, String name, Class<?>... parameters) {
        try {
            Method m = owner.getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(String owner, String name) {
        try {
            Field f = Class.forName(owner).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
