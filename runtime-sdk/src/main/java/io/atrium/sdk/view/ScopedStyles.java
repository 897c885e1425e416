package io.atrium.sdk.view;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component's styles, kept to the component. Every class its template uses is renamed
 * {@code <scope>--<class>} when it renders, and every class selector of its style sheet the same
 * way, so its {@code .title} is not the page's {@code .title} in either direction; {@code :host} is
 * the component's root, which carries the class {@code <scope>}. This is WeChat's own isolation (it
 * too rewrites class names; tag and id selectors are not recommended in components), sound without
 * a CSS parser: only selectors, the text before each {@code {}, are rewritten, never declarations.
 */
public final class ScopedStyles {

    private static final Pattern CLASS = Pattern.compile("\\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)");
    private static final Pattern HOST = Pattern.compile(":host(?![-\\w])");

    private ScopedStyles() {}

    /** The class {@code name} as it is inside the component scoped by {@code scope}. */
    public static String className(String scope, String name) {
        return scope + "--" + name;
    }

    /** The component's style sheet with its selectors scoped. */
    public static String scope(String css, String scope) {
        StringBuilder out = new StringBuilder(css.length() + 64);
        int start = 0;
        for (int i = 0; i < css.length(); i++) {
            char c = css.charAt(i);
            if (c == '{') {
                // The text since the last '{', '}' or ';' is this block's selector (or an at-rule's prelude).
                int from = Math.max(
                                Math.max(css.lastIndexOf('}', i), css.lastIndexOf(';', i)), css.lastIndexOf('{', i - 1))
                        + 1;
                from = Math.max(from, start);
                out.append(css, start, from);
                String selector = css.substring(from, i);
                out.append(selector.strip().startsWith("@") ? selector : scopeSelector(selector, scope));
                start = i;
            }
        }
        out.append(css, start, css.length());
        return out.toString();
    }

    private static String scopeSelector(String selector, String scope) {
        String withHost = HOST.matcher(selector).replaceAll(Matcher.quoteReplacement("." + scope));
        Matcher m = CLASS.matcher(withHost);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(
                    out, Matcher.quoteReplacement(name.equals(scope) ? m.group() : "." + className(scope, name)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
