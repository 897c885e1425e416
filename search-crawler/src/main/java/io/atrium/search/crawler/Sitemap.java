package io.atrium.search.crawler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A package's optional {@code sitemap.json}, in WeChat's form: rules that allow or disallow pages
 * for search, the highest {@code priority} first, the first matching rule deciding; without a
 * matching rule a page is allowed.
 *
 * <pre>{"rules": [{"action": "disallow", "page": "pages/admin/admin"},
 *            {"action": "allow", "page": "pages/item/item", "params": ["id"], "matching": "inclusive", "priority": 2},
 *            {"action": "disallow", "page": "*", "priority": 0}]}</pre>
 *
 * {@code matching} compares the page's query with {@code params} (names, or {@code name=value}):
 * {@code exact} the same names, {@code inclusive} all of them present, {@code exclusive} none of
 * them present, {@code partial} at least one present. Without {@code params} any query matches.
 */
public final class Sitemap {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Rule(boolean allow, String page, List<String> params, String matching, int priority, int order) {}

    private final List<Rule> rules;

    private Sitemap(List<Rule> rules) {
        this.rules = rules;
    }

    /** Allows everything. */
    public static Sitemap allowAll() {
        return new Sitemap(List.of());
    }

    /**
     * Parses a sitemap.json.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Sitemap parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("sitemap.json does not parse");
        }
        JsonNode list = root == null ? null : root.get("rules");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("sitemap.json needs a \"rules\" list");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size() && i < 1000; i++) {
            JsonNode r = list.get(i);
            String action = r.path("action").asText("allow");
            if (!action.equals("allow") && !action.equals("disallow")) {
                throw new IllegalArgumentException("sitemap.json rules[" + i + "].action must be allow or disallow");
            }
            String page = r.path("page").asText("");
            if (page.isEmpty()) {
                throw new IllegalArgumentException("sitemap.json rules[" + i + "].page is required (a page path or *)");
            }
            List<String> params = new ArrayList<>();
            r.path("params").forEach(p -> params.add(p.asText()));
            String matching = r.path("matching").asText("inclusive");
            if (!List.of("exact", "inclusive", "exclusive", "partial").contains(matching)) {
                throw new IllegalArgumentException(
                        "sitemap.json rules[" + i + "].matching must be exact, inclusive, exclusive or partial");
            }
            rules.add(new Rule(
                    action.equals("allow"),
                    page.startsWith("/") ? page.substring(1) : page,
                    params,
                    matching,
                    r.path("priority").asInt(0),
                    i));
        }
        rules.sort(Comparator.comparingInt(Rule::priority).reversed().thenComparingInt(Rule::order));
        return new Sitemap(List.copyOf(rules));
    }

    /** Whether search may index the page with this query. */
    public boolean allows(String pagePath, Map<String, String> query) {
        for (Rule rule : rules) {
            if ((rule.page().equals("*") || rule.page().equals(pagePath)) && matches(rule, query)) {
                return rule.allow();
            }
        }
        return true;
    }

    private static boolean matches(Rule rule, Map<String, String> query) {
        if (rule.params().isEmpty()) {
            return true;
        }
        long present = rule.params().stream().filter(p -> has(query, p)).count();
        return switch (rule.matching()) {
            case "exact" ->
                present == rule.params().size() && query.size() == rule.params().size();
            case "exclusive" -> present == 0;
            case "partial" -> present > 0;
            default -> present == rule.params().size();
        };
    }

    private static boolean has(Map<String, String> query, String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? query.containsKey(param) : param.substring(eq + 1).equals(query.get(param.substring(0, eq)));
    }
}
