package io.atrium.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies {@code setData}'s split path keys to a page's data, as the logic layer applies them to its copy. */
final class DataPaths {

    static final int MAX_INDEX = 100_000;

    private DataPaths() {}

    /**
     * Sets {@code value} at {@code segments} (names and array indexes) under {@code root}, creating
     * objects and arrays on the way as JavaScript's assignment in the prelude does.
     */
    @SuppressWarnings("unchecked")
    static void assign(Map<String, Object> root, List<?> segments, Object value) {
        Object target = root;
        for (int i = 0; i < segments.size(); i++) {
            Object key = segments.get(i);
            boolean last = i == segments.size() - 1;
            Object next = last ? value : null;
            if (target instanceof Map<?, ?> map) {
                Map<String, Object> m = (Map<String, Object>) map;
                String name = String.valueOf(key);
                if (last) {
                    m.put(name, value);
                    return;
                }
                next = m.get(name);
                if (!(next instanceof Map) && !(next instanceof List)) {
                    next = container(segments.get(i + 1));
                    m.put(name, next);
                }
            } else if (target instanceof List<?> list) {
                List<Object> l = (List<Object>) list;
                int index = index(key);
                if (index < 0) {
                    return; // a named property of an array: JSON has no place for it
                }
                while (l.size() <= index) {
                    l.add(null);
                }
                if (last) {
                    l.set(index, value);
                    return;
                }
                next = l.get(index);
                if (!(next instanceof Map) && !(next instanceof List)) {
                    next = container(segments.get(i + 1));
                    l.set(index, next);
                }
            }
            target = next;
        }
    }

    private static Object container(Object nextKey) {
        return nextKey instanceof Number ? new ArrayList<>() : new LinkedHashMap<String, Object>();
    }

    private static int index(Object key) {
        int index;
        if (key instanceof Number n) {
            index = n.intValue();
        } else {
            try {
                index = Integer.parseInt(String.valueOf(key));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (index > MAX_INDEX) {
            throw new io.atrium.sdk.logic.ApiFailure("setData: index " + index + " is larger than " + MAX_INDEX);
        }
        return index;
    }
}
