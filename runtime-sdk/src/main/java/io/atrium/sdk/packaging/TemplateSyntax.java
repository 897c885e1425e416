package io.atrium.sdk.packaging;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jsoup.parser.Parser;
import org.jspecify.annotations.Nullable;

/**
 * Checks that an FXML/WXML template is well formed: every tag closed in order, quotes and
 * {@code {{ }}} bindings balanced, no stray {@code <}. WXML is strict about closing tags, while
 * jsoup's XML parser silently repairs them, so the structure is checked here and jsoup's tokenizer
 * errors are added on top.
 */
final class TemplateSyntax {

    private TemplateSyntax() {}

    /** The first problem found, or null when the template is well formed. */
    static @Nullable String check(String template) {
        String structural = structure(template);
        if (structural != null) {
            return structural;
        }
        // jsoup's tokenizer sees what the renderer will see, minus binding expressions and inline
        // script modules, whose '<' and '>' are not markup.
        Parser parser = Parser.xmlParser().setTrackErrors(1);
        parser.parseInput(blankCode(template), "");
        return parser.getErrors().isEmpty() ? null : parser.getErrors().get(0).toString();
    }

    private static @Nullable String structure(String s) {
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("{{", i)) {
                int end = s.indexOf("}}", i + 2);
                if (end < 0) {
                    return at(s, i, "'{{' is never closed by '}}'");
                }
                i = end + 2;
            } else if (s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i + 4);
                if (end < 0) {
                    return at(s, i, "comment is never closed");
                }
                i = end + 3;
            } else if (c == '<' && i + 1 < n && s.charAt(i + 1) == '/') {
                int end = s.indexOf('>', i);
                if (end < 0) {
                    return at(s, i, "end tag is never closed by '>'");
                }
                String name = s.substring(i + 2, end).strip();
                if (open.isEmpty()) {
                    return at(s, i, "</" + name + "> closes nothing");
                }
                if (!open.peek().equals(name)) {
                    return at(s, i, "</" + name + "> found where </" + open.peek() + "> was expected");
                }
                open.pop();
                i = end + 1;
            } else if (c == '<') {
                int j = i + 1;
                while (j < n && isNameChar(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    return at(s, i, "'<' does not start a tag (write &lt; in text)");
                }
                String name = s.substring(i + 1, j);
                char quote = 0;
                boolean selfClosing = false;
                while (true) {
                    if (j >= n) {
                        return at(s, i, "<" + name + " is never closed by '>'");
                    }
                    char d = s.charAt(j);
                    if (quote != 0) {
                        if (d == quote) {
                            quote = 0;
                        }
                    } else if (d == '"' || d == '\'') {
                        quote = d;
                    } else if (d == '>') {
                        selfClosing = s.charAt(j - 1) == '/';
                        break;
                    } else if (d == '<') {
                        return at(s, j, "'<' inside the <" + name + "> tag");
                    }
                    j++;
                }
                i = j + 1;
                if (!selfClosing) {
                    if (name.equals("wxs") || name.equals("fts")) {
                        int end = s.indexOf("</" + name, i);
                        if (end < 0) {
                            return at(s, i, "<" + name + "> is never closed");
                        }
                        i = end;
                    }
                    open.push(name);
                }
            } else {
                i++;
            }
        }
        return open.isEmpty() ? null : "<" + open.peek() + "> is never closed";
    }

    private static String blankCode(String template) {
        StringBuilder out = new StringBuilder(template);
        blank(out, BINDING);
        blank(out, INLINE_MODULE);
        return out.toString();
    }

    private static void blank(StringBuilder text, java.util.regex.Pattern pattern) {
        java.util.regex.Matcher m = pattern.matcher(text.toString());
        while (m.find()) {
            for (int k = m.start(1); k < m.end(1); k++) {
                if (text.charAt(k) != '\n') {
                    text.setCharAt(k, ' ');
                }
            }
        }
    }

    private static final java.util.regex.Pattern BINDING =
            java.util.regex.Pattern.compile("\\{\\{(.*?)\\}\\}", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern INLINE_MODULE =
            java.util.regex.Pattern.compile("<(?:wxs|fts)\\b[^>]*>(.*?)</(?:wxs|fts)>", java.util.regex.Pattern.DOTALL);

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '.';
    }

    private static String at(String s, int index, String message) {
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
