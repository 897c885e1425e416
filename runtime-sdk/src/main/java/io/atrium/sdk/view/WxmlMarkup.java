package io.atrium.sdk.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The first pass over a template's text, shared by the upload check and the compiler so the two
 * cannot disagree: it checks the tag structure WXML insists on (every tag closed, in order) and
 * prepares the text for jsoup's XML parser, which would otherwise repair what WeChat refuses and
 * misread what WeChat accepts.
 *
 * <p>What is accepted as WeChat's compiler accepts it:
 *
 * <ul>
 *   <li>A {@code {{} that no {@code }}} closes before the next {@code {{} (or, inside an
 *       attribute, before the attribute's closing quote) is not a binding: in text it is literal
 *       text; in an attribute the compiler reads what follows it as an expression when it parses
 *       (so {@code wx:elif="{{question.qtype == 1}"} works as WeChat runs it), and as text
 *       otherwise.
 *   <li>Components that never have children ({@code input}, {@code image}, {@code icon},
 *       {@code import}, {@code include}) may be left open ({@code <input value="x">}); an end tag
 *       written for them anyway ({@code <image></image>}) is accepted.
 *   <li>Comments, and {@code <wxs>} bodies, whose {@code <} and {@code &} are code, not markup.
 * </ul>
 *
 * What stays refused, as WeChat refuses it: an end tag that closes another tag ({@code
 * <view><text></view>}), an end tag that closes nothing, a tag never closed, a stray {@code <}.
 */
final class WxmlMarkup {

    /** A binding: the shortest {@code {{ ... }}} that holds no other {@code {{}. */
    static final Pattern BINDING = Pattern.compile("\\{\\{((?:(?!\\{\\{).)*?)\\}\\}", Pattern.DOTALL);

    /** The attribute that ties a {@code <wxs>} element to its kept-aside code. */
    static final String INLINE_MARK = "ft-inline-code";

    /** Components without children, which templates often leave open as HTML allows. */
    static final Set<String> CHILDLESS = Set.of("input", "image", "icon", "import", "include");

    /**
     * The outcome of the pass: the first problem (with its line and column) or null; the text for
     * jsoup, with the same lines as the original; and each inline script module's code, in order.
     */
    record Scan(@Nullable String error, String prepared, List<InlineCode> inlineCode) {}

    /** The code of one inline {@code <wxs>}/{@code <fts>}, and the line it starts on. */
    record InlineCode(String code, int line) {}

    private WxmlMarkup() {}

    static Scan scan(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        List<InlineCode> inline = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        // Lines are counted as the scan goes (to the last place asked for), not from the start each time.
        int[] lineAt = {0, 1};
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i + 4);
                if (end < 0) {
                    return fail(s, i, "comment is never closed", out, inline);
                }
                out.append(s, i, end + 3);
                i = end + 3;
            } else if (s.startsWith("{{", i)) {
                int end = bindingEnd(s, i, (char) 0);
                if (end < 0) {
                    out.append("{{");
                    i += 2;
                } else {
                    out.append("{{").append(protect(s.substring(i + 2, end))).append("}}");
                    i = end + 2;
                }
            } else if (c == '<' && i + 1 < n && s.charAt(i + 1) == '/') {
                int end = s.indexOf('>', i);
                if (end < 0) {
                    return fail(s, i, "end tag is never closed by '>'", out, inline);
                }
                String name = s.substring(i + 2, end).strip();
                if (!open.isEmpty() && open.peek().equals(name)) {
                    open.pop();
                    out.append(s, i, end + 1);
                } else if (CHILDLESS.contains(name)) {
                    // <image ...></image>: the start tag was closed on the spot, so this end tag goes.
                    out.append(" ".repeat(end + 1 - i));
                } else if (open.isEmpty()) {
                    return fail(s, i, "</" + name + "> closes nothing", out, inline);
                } else {
                    return fail(s, i, "</" + name + "> found where </" + open.peek() + "> was expected", out, inline);
                }
                i = end + 1;
            } else if (c == '<') {
                int j = i + 1;
                while (j < n && isNameChar(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    return fail(s, i, "'<' does not start a tag (write &lt; in text)", out, inline);
                }
                String name = s.substring(i + 1, j);
                out.append(s, i, j);
                char quote = 0;
                boolean selfClosing;
                while (true) {
                    if (j >= n) {
                        return fail(s, i, "<" + name + " is never closed by '>'", out, inline);
                    }
                    char d = s.charAt(j);
                    if (quote != 0) {
                        if (d == quote) {
                            quote = 0;
                        } else if (s.startsWith("{{", j)) {
                            int end = bindingEnd(s, j, quote);
                            if (end >= 0) {
                                out.append("{{")
                                        .append(protect(s.substring(j + 2, end)))
                                        .append("}}");
                                j = end + 2;
                                continue;
                            }
                        }
                    } else if (d == '"' || d == '\'') {
                        quote = d;
                    } else if (d == '>') {
                        selfClosing = s.charAt(j - 1) == '/';
                        break;
                    } else if (d == '<') {
                        return fail(s, j, "'<' inside the <" + name + "> tag", out, inline);
                    }
                    out.append(d);
                    j++;
                }
                i = j + 1;
                if (selfClosing) {
                    out.append('>');
                } else if (CHILDLESS.contains(name)) {
                    out.append("/>");
                } else if (name.equals("wxs") || name.equals("fts")) {
                    int end = s.indexOf("</" + name, i);
                    if (end < 0) {
                        return fail(s, i, "<" + name + "> is never closed", out, inline);
                    }
                    // Marked with the index of its code, which the compiler finds again by it.
                    out.append(' ')
                            .append(INLINE_MARK)
                            .append("=\"")
                            .append(inline.size())
                            .append("\">");
                    String code = s.substring(i, end);
                    inline.add(new InlineCode(code, lineOf(s, i, lineAt)));
                    // The code is kept aside: jsoup would read its '<' as markup. Its lines stay, blank.
                    out.append(code.replaceAll("[^\\n]", ""));
                    open.push(name);
                    i = end;
                } else {
                    out.append('>');
                    open.push(name);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            return new Scan("<" + open.peek() + "> is never closed", out.toString(), inline);
        }
        return new Scan(null, out.toString(), inline);
    }

    /**
     * Where the binding opened at {@code start} closes (the index of its {@code }}}), or -1 when
     * another {@code {{}, the end of the text or, inside an attribute, its closing quote comes first.
     */
    static int bindingEnd(String s, int start, char quote) {
        // Each search stops at the next "{{" (a "}}" past it closes a later binding, not this one),
        // so a text of many unclosed "{{" is read once, not once for each of them to its end.
        int from = start + 2;
        int nested = s.indexOf("{{", from);
        int limit = nested < 0 ? s.length() : nested;
        int end = -1;
        for (int k = from; k + 1 < s.length() && k < limit; k++) {
            if (s.charAt(k) == '}' && s.charAt(k + 1) == '}') {
                end = k;
                break;
            }
        }
        if (end < 0) {
            return -1;
        }
        if (quote != 0) {
            // A quote inside a binding in the other kind of quotes is fine ("{{a ? 'x' : 'y'}}").
            for (int k = from; k < end; k++) {
                if (s.charAt(k) == quote) {
                    return -1;
                }
            }
        }
        return end;
    }

    /** Keeps '<', '>' and '&' inside bindings from reading as markup; {@link #unprotect} restores them. */
    static String protect(String inner) {
        return inner.replace("&", "\u0001").replace("<", "\u0002").replace(">", "\u0003");
    }

    static String unprotect(String text) {
        return text.replace('\u0001', '&').replace('\u0002', '<').replace('\u0003', '>');
    }

    private static Scan fail(String s, int index, String message, StringBuilder out, List<InlineCode> inline) {
        return new Scan(at(s, index, message), out.toString(), inline);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '.';
    }

    /**
     * The line of {@code index}, counted from {@code mark} ({an earlier index, its line}) on, which
     * it moves to {@code index}: a scan asks in order, so the text is counted once in all.
     */
    private static int lineOf(String s, int index, int[] mark) {
        int line = mark[1];
        for (int k = mark[0]; k < index && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        mark[0] = Math.max(mark[0], index);
        mark[1] = line;
        return line;
    }

    /** "line:column: message", both counted from 1. */
    static String at(String s, int index, String message) {
        int line = 1;
        int column = 1;
        for (int k = 0; k < index && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return line + ":" + column + ": " + message;
    }
}
