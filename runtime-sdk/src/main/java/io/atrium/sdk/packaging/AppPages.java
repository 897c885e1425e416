package io.atrium.sdk.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pages app.json declares: its {@code pages}, and those of its subpackages ({@code subpackages},
 * or {@code subPackages} as WeChat also spells it: entries with {@code root}, {@code pages}, an
 * optional {@code name} and {@code independent}). A subpackage's page is a page like any other,
 * at its root plus its path ({@code packageA/pages/cat/cat}).
 */
public final class AppPages {

    static final Pattern PAGE = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+){0,7}");
    private static final List<String> SUBPACKAGE_FIELDS = List.of("subpackages", "subPackages");
    static final int MAX_PAGES = 200;

    private AppPages() {}

    /**
     * Every page, leniently: what a launch may open. The main package's pages first, in order (the
     * first is the entry page), then each subpackage's. Entries that are not what app.json allows
     * are passed over: the upload's validation has refused them already.
     */
    public static List<String> of(JsonNode app) {
        List<String> result = new ArrayList<>();
        app.path("pages").forEach(p -> {
            if (p.isTextual()) {
                result.add(p.asText());
            }
        });
        for (String field : SUBPACKAGE_FIELDS) {
            for (JsonNode sub : app.path(field)) {
                String root = root(sub.path("root").asText(""));
                for (JsonNode p : sub.path("pages")) {
                    if (!root.isEmpty() && p.isTextual()) {
                        result.add(root + "/" + stripSlash(p.asText()));
                    }
                }
            }
        }
        return result;
    }

    /**
     * The main package and each subpackage, strictly: sizes are left at 0 for the caller to count.
     *
     * @throws PackageRejectedException {@link PackageRule#APP_JSON_INVALID} naming the field at fault
     */
    static List<PackagePart> declared(JsonNode app) {
        JsonNode pages = app.get("pages");
        if (pages == null || !pages.isArray() || pages.isEmpty()) {
            throw invalid("\"pages\" must be a non-empty list");
        }
        Set<String> seen = new HashSet<>();
        List<PackagePart> parts = new ArrayList<>();
        parts.add(new PackagePart("", null, pagesOf(pages, "", "pages", seen), false, 0));
        Set<String> roots = new HashSet<>();
        for (String field : SUBPACKAGE_FIELDS) {
            JsonNode subs = app.get(field);
            if (subs == null) {
                continue;
            }
            if (!subs.isArray()) {
                throw invalid("\"" + field + "\" must be a list");
            }
            for (int i = 0; i < subs.size(); i++) {
                String at = field + "[" + i + "]";
                JsonNode sub = subs.get(i);
                if (!sub.isObject()) {
                    throw invalid(at + " must be an object with \"root\" and \"pages\"");
                }
                JsonNode rootNode = sub.get("root");
                String root = rootNode == null || !rootNode.isTextual() ? "" : root(rootNode.asText());
                if (!PAGE.matcher(root).matches()) {
                    throw invalid(at + ".root must be a folder of the package, like \"packageA\"");
                }
                for (String other : roots) {
                    if (other.equals(root) || other.startsWith(root + "/") || root.startsWith(other + "/")) {
                        throw invalid(at + ".root '" + root + "' is, or is inside, the root of another subpackage");
                    }
                }
                roots.add(root);
                JsonNode subPages = sub.get("pages");
                if (subPages == null || !subPages.isArray()) {
                    throw invalid(at + ".pages must be a list");
                }
                JsonNode name = sub.get("name");
                if (name != null && !name.isTextual()) {
                    throw invalid(at + ".name must be a string");
                }
                JsonNode independent = sub.get("independent");
                if (independent != null && !independent.isBoolean()) {
                    throw invalid(at + ".independent must be true or false");
                }
                parts.add(new PackagePart(
                        root,
                        name == null ? null : name.asText(),
                        pagesOf(subPages, root + "/", at + ".pages", seen),
                        independent != null && independent.asBoolean(),
                        0));
            }
        }
        if (seen.size() > MAX_PAGES) {
            throw invalid("at most " + MAX_PAGES + " pages");
        }
        for (String page : parts.get(0).pages()) {
            for (String root : roots) {
                if (page.startsWith(root + "/")) {
                    throw invalid("the main package's page '" + page + "' lies inside subpackage " + root);
                }
            }
        }
        return parts;
    }

    /** The part a file belongs to: the subpackage whose root holds it, else the main package (index 0). */
    static int partOf(String path, List<PackagePart> parts) {
        for (int i = 1; i < parts.size(); i++) {
            if (path.startsWith(parts.get(i).root() + "/")) {
                return i;
            }
        }
        return 0;
    }

    private static List<String> pagesOf(JsonNode pages, String prefix, String at, Set<String> seen) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonNode page = pages.get(i);
            if (!page.isTextual() || !PAGE.matcher(page.asText()).matches()) {
                throw invalid(at + "[" + i + "] must be a path like \"pages/index/index\"");
            }
            String path = prefix + page.asText();
            if (!seen.add(path)) {
                throw invalid(at + "[" + i + "] ('" + path + "') is listed twice");
            }
            result.add(path);
        }
        return result;
    }

    /** WeChat writes a root with or without its trailing slash. */
    private static String root(String root) {
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static String stripSlash(String page) {
        return page.startsWith("/") ? page.substring(1) : page;
    }

    private static PackageRejectedException invalid(String detail) {
        return new PackageRejectedException(PackageRule.APP_JSON_INVALID, "app.json", detail);
    }
}
