package io.atrium.server.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression selects, as far as a dashboard's queries need reading. */
final class PromQl {

    private PromQl() {}

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan",
            "atan2");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names {@code expr} selects. */
    static Set<String> metricNames(String expr) {
        String rest = expr
                // String literals, label matchers, ranges and subqueries name no metric.
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("'(?:[^'\\\\]|\\\\.)*'", " ")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                // Grouping clauses list labels.
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String token = m.group();
            int before = m.start() - 1;
            if (before >= 0) {
                char c = rest.charAt(before);
                // A Grafana variable ($__rate_interval, ${x}) or the exponent of a number (1e3).
                if (c == '$' || Character.isDigit(c) || c == '.') {
                    continue;
                }
            }
            int after = m.end();
            while (after < rest.length() && Character.isWhitespace(rest.charAt(after))) {
                after++;
            }
            boolean call = after < rest.length() && rest.charAt(after) == '(';
            if (call || KEYWORDS.contains(token.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            names.add(token);
        }
        return names;
    }
}
