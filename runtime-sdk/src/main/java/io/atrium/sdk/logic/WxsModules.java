package io.atrium.sdk.logic;

import io.atrium.sdk.view.FxmlTemplate;
import io.atrium.sdk.view.TemplateException;
import io.atrium.sdk.view.TemplateFunction;
import io.atrium.sdk.view.TemplateSource;
import io.atrium.sdk.view.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * A mini-program's WXS modules ({@code <wxs module="m">} inline or {@code src=}, {@code <fts>} alike),
 * run as WeChat runs them: in a scope of their own, apart from the page's JavaScript. A module sees
 * the standard objects, {@code module}/{@code exports}, {@code require} of other {@code .wxs}
 * files, {@code getDate}, {@code getRegExp} and {@code console}; it sees no {@code wx}/{@code ft},
 * no {@code App}/{@code Page}/{@code getApp}, no page data, no page script.
 *
 * <p>Everything here runs on the sandbox's thread inside the callback that renders, so a WXS
 * function is under the same instruction, time and memory budgets as a page's handler: a
 * {@code while (true)} in one stops the mini-program the same way. Values cross by copy: a function
 * gets fresh objects built from the template's values (it cannot change page data) and its answer
 * is turned back into plain values. Each module is evaluated once per mini-program (file modules
 * are singletons across pages, as in WeChat) and only when a page that declares it first renders.
 */
public final class WxsModules {

    /** How deep a value crossing between a template and WXS may nest: deeper is a cycle, in practice. */
    static final int MAX_DEPTH = 64;

    /** How many values one crossing may carry. */
    static final int MAX_VALUES = 200_000;

    private final Sandbox sandbox;
    private final BiConsumer<String, String> log;
    /** Module objects, counted toward the session's memory with the WXS scope. */
    private final List<Object> kept = new ArrayList<>();

    private final Map<String, Scriptable> modules = new HashMap<>();
    private final Map<String, Object> exports = new HashMap<>();
    private @Nullable ScriptableObject scope;

    WxsModules(Sandbox sandbox, BiConsumer<String, String> log) {
        this.sandbox = sandbox;
        this.log = log;
    }

    /**
     * The exports of the modules {@code template} declares, by name, as template values (functions
     * become {@link TemplateFunction}s); evaluates the modules not yet evaluated. On the sandbox's
     * thread only.
     */
    public Map<String, Object> exports(FxmlTemplate template, TemplateSource files) {
        List<FxmlTemplate.ScriptModule> declared = template.scriptModules();
        if (declared.isEmpty()) {
            return Map.of();
        }
        Context cx = current();
        Map<String, Object> out = new LinkedHashMap<>();
        for (FxmlTemplate.ScriptModule m : declared) {
            String src = m.src();
            String key = src != null ? src : template.path() + "#" + m.name() + "@" + m.line();
            Object value = exports.get(key);
            if (value == null) {
                Scriptable module = src != null
                        ? load(cx, src, files, template.path() + ":" + m.line())
                        : evaluate(cx, key, template.path(), String.valueOf(m.code()), m.line(), files);
                Object moduleExports = ScriptableObject.getProperty(module, "exports");
                value = toJava(moduleExports, moduleExports instanceof Scriptable s ? s : null, 0, new int[1]);
                exports.put(key, value);
            }
            out.put(m.name(), value);
        }
        return out;
    }

    /** Drops every module and the scope (the sandbox stopped). */
    void release() {
        modules.clear();
        exports.clear();
        kept.clear();
        scope = null;
    }

    private static Context current() {
        Context cx = Context.getCurrentContext();
        if (cx == null) {
            throw new TemplateException("WXS runs only on the mini-program's own thread");
        }
        return cx;
    }

    private ScriptableObject scope(Context cx) {
        ScriptableObject top = scope;
        if (top != null) {
            return top;
        }
        ScriptableObject made = sandbox.isolatedScope(cx, kept);
        // WXS makes dates and patterns through these rather than new Date() / literals.
        define(made, made, "getDate", args -> Context.getCurrentContext().newObject(made, "Date", args));
        define(made, made, "getRegExp", args -> Context.getCurrentContext().newObject(made, "RegExp", args));
        NativeObject console = new NativeObject();
        console.setPrototype(ScriptableObject.getObjectPrototype(made));
        console.setParentScope(made);
        for (String level : new String[] {"log", "info", "warn", "error", "debug"}) {
            define(console, made, level, args -> {
                StringBuilder line = new StringBuilder();
                for (Object arg : args) {
                    line.append(line.length() == 0 ? "" : " ").append(Context.toString(arg));
                }
                log.accept(level, line.toString());
                return Undefined.instance;
            });
        }
        made.defineProperty("console", console, ScriptableObject.DONTENUM);
        scope = made;
        return made;
    }

    /** A file module, evaluated once; a module required while it is still evaluating gives its exports so far. */
    private Scriptable load(Context cx, String path, TemplateSource files, String from) {
        Scriptable cached = modules.get(path);
        if (cached != null) {
            return cached;
        }
        if (!path.endsWith(".wxs") && !path.endsWith(".fts")) {
            throw ScriptRuntime.constructError("Error", from + ": only .wxs files are WXS modules, not " + path);
        }
        String code = files.read(path);
        if (code == null) {
            throw ScriptRuntime.constructError("Error", from + ": no WXS module " + path);
        }
        return evaluate(cx, path, path, code, 1, files);
    }

    private Scriptable evaluate(Context cx, String key, String file, String code, int line, TemplateSource files) {
        ScriptableObject top = scope(cx);
        Scriptable module = cx.newObject(top);
        Scriptable moduleExports = cx.newObject(top);
        module.put("exports", module, moduleExports);
        modules.put(key, module);
        kept.add(module);
        // On the code's first line, so errors name the file's own lines. Compiled as a function,
        // as modules are, so code that closes the header early never runs outside its body.
        Function body =
                cx.compileFunction(top, "function wxs(module, exports, require) {" + code + "\n}", file, line, null);
        String base = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
        BaseFunction require = define(null, top, "require", args -> {
            String target = args.length == 0 ? "" : Context.toString(args[0]);
            String resolved = resolve(base, target, file);
            if (!resolved.endsWith(".wxs") && !resolved.endsWith(".fts") && files.read(resolved + ".wxs") != null) {
                resolved += ".wxs";
            }
            return ScriptableObject.getProperty(load(Context.getCurrentContext(), resolved, files, file), "exports");
        });
        body.call(cx, top, top, new Object[] {module, moduleExports, require});
        return module;
    }

    private static String resolve(String base, String target, String from) {
        if (!target.startsWith("./") && !target.startsWith("../") && !target.startsWith("/")) {
            throw ScriptRuntime.constructError(
                    "Error", from + ": require('" + target + "'): WXS requires a relative path to a .wxs file");
        }
        List<String> parts = new ArrayList<>();
        for (String segment : ((target.startsWith("/") ? "" : base) + "/" + target).split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    throw ScriptRuntime.constructError(
                            "Error", from + ": require('" + target + "') climbs out of the package");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(segment);
            }
        }
        return String.join("/", parts);
    }

    // ---- crossing between template values and WXS values ----

    private TemplateFunction function(Function fn, @Nullable Scriptable self) {
        return arguments -> {
            Context cx = current();
            ScriptableObject top = scope;
            if (top == null) {
                throw new TemplateException("the mini-program was stopped");
            }
            int[] count = new int[1];
            Object[] args = new Object[arguments.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = toJs(cx, top, arguments.get(i), 0, count);
            }
            Object result = fn.call(cx, top, self == null ? top : self, args);
            return toJava(result, null, 0, new int[1]);
        };
    }

    private static void count(int depth, int[] count) {
        if (depth > MAX_DEPTH) {
            throw new TemplateException("a value passed to or from WXS nests deeper than " + MAX_DEPTH);
        }
        if (++count[0] > MAX_VALUES) {
            throw new TemplateException("a value passed to or from WXS holds more than " + MAX_VALUES + " values");
        }
    }

    /** A fresh WXS value built from a template value: nothing of the page's data is shared. */
    private static @Nullable Object toJs(Context cx, Scriptable top, @Nullable Object v, int depth, int[] count) {
        count(depth, count);
        if (v == null) {
            return null;
        }
        if (v == Values.UNDEFINED || v instanceof TemplateFunction) {
            return Undefined.instance;
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> map) {
            Scriptable o = cx.newObject(top);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = toJs(cx, top, e.getValue(), depth + 1, count);
                if (key.matches("0|[1-9][0-9]{0,8}")) {
                    o.put(Integer.parseInt(key), o, value);
                } else {
                    o.put(key, o, value);
                }
            }
            return o;
        }
        if (v instanceof List<?> list) {
            Object[] items = new Object[list.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = toJs(cx, top, list.get(i), depth + 1, count);
            }
            return cx.newArray(top, items);
        }
        return v.toString();
    }

    /**
     * A plain template value made from a WXS value. Functions become {@link TemplateFunction}s
     * called with {@code self} as {@code this} (the object they were read from), dates and patterns
     * their text, as WeChat shows them.
     */
    private @Nullable Object toJava(@Nullable Object v, @Nullable Scriptable self, int depth, int[] count) {
        count(depth, count);
        if (v == null) {
            return null;
        }
        if (v instanceof Undefined || v == Scriptable.NOT_FOUND) {
            return Values.UNDEFINED;
        }
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence) {
            return v.toString();
        }
        if (v instanceof Number n) {
            return Values.normalize(n.doubleValue());
        }
        if (v instanceof Function f) {
            return function(f, self);
        }
        if (v instanceof NativeArray array) {
            long length = array.getLength();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                out.add(toJava(array.get(i, array), array, depth + 1, count));
            }
            return out;
        }
        if (v instanceof Scriptable s) {
            String kind = s.getClassName();
            switch (kind) {
                case "Date", "RegExp", "String" -> {
                    return Context.toString(s);
                }
                case "Number" -> {
                    return Values.normalize(Context.toNumber(s));
                }
                case "Boolean" -> {
                    return Context.toBoolean(s);
                }
                default -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Object id : s.getIds()) {
                        Object value = id instanceof Integer index ? s.get(index, s) : s.get(String.valueOf(id), s);
                        out.put(String.valueOf(id), toJava(value, s, depth + 1, count));
                    }
                    return out;
                }
            }
        }
        return Context.toString(v);
    }

    private static BaseFunction define(
            @Nullable ScriptableObject holder, ScriptableObject top, String name, NativeFunctions.Body body) {
        BaseFunction fn = NativeFunctions.of(top, name, body);
        if (holder != null) {
            holder.defineProperty(name, fn, ScriptableObject.DONTENUM);
        }
        return fn;
    }
}
