package io.atrium.bench.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a page needs, found the way WeChat's tools find them when an upload leaves out files
 * nothing depends on: components named by {@code usingComponents}, scripts by {@code require} and
 * {@code import}, templates and WXS by {@code src}, styles by {@code @import}. A library of 5 MB
 * is then uploaded as what one page uses, as a developer's app would be. Paths are resolved as
 * WeChat resolves them: absolute from the root, relative, and a bare name first beside the file and
 * then in the {@code miniprogram_npm} folders from the file's folder up to the root.
 */
final class Dependencies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUIRE = Pattern.compile("\\brequire\\s*\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern IMPORT = Pattern.compile(
            "(?:\\bimport\\s*(?:[\\w*{}\\s,$]+\\s*from\\s*)?|\\bexport\\s*[\\w*{}\\s,$]+\\s*from\\s*)['\"]([^'\"]+)['\"]");
    private static final Pattern SRC =
            Pattern.compile("<(?:wxs|import|include)\\b[^>]*?\\bsrc\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+(?:url\\()?['\"]([^'\"]+)['\"]");

    private final Path root;

    /** @param root the app folder, holding the page and the library under {@code miniprogram_npm} */
    Dependencies(Path root) {
        this.root = root;
    }

    /** Every file the given files reach, them included; package-relative paths with '/'. */
    Set<String> closure(List<String> start) throws IOException {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (!seen.add(file) || !Files.isRegularFile(root.resolve(file))) {
                continue;
            }
            String text = Files.readString(root.resolve(file));
            if (file.endsWith(".json")) {
                JsonNode json = JSON.readTree(text);
                json.path("usingComponents")
                        .forEach(t -> component(file, t.asText()).ifPresent(todo::addAll));
                json.path("componentGenerics").forEach(g -> {
                    if (g.has("default")) {
                        component(file, g.path("default").asText()).ifPresent(todo::addAll);
                    }
                });
            } else if (file.endsWith(".js")) {
                for (String request : matches(REQUIRE, text)) {
                    script(file, request).ifPresent(todo::add);
                }
                for (String request : matches(IMPORT, text)) {
                    script(file, request).ifPresent(todo::add);
                }
            } else if (file.endsWith(".wxml")) {
                for (String src : matches(SRC, text)) {
                    // WeChat takes src="../common/icon" for icon.wxml (and a wxs module's .wxs).
                    exact(file, src)
                            .or(() -> exact(file, src + ".wxml"))
                            .or(() -> exact(file, src + ".wxs"))
                            .ifPresent(todo::add);
                }
            } else if (file.endsWith(".wxs")) {
                for (String request : matches(REQUIRE, text)) {
                    exact(file, request).ifPresent(todo::add);
                }
            } else if (file.endsWith(".wxss")) {
                for (String request : matches(CSS_IMPORT, text)) {
                    exact(file, request).ifPresent(todo::add);
                }
            }
        }
        seen.removeIf(f -> !Files.isRegularFile(root.resolve(f)));
        return seen;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A component's four files, when its script is found. */
    private Optional<List<String>> component(String from, String request) {
        for (String base : bases(from, request)) {
            for (String stem : List.of(base, base + "/index")) {
                if (Files.isRegularFile(root.resolve(stem + ".js"))) {
                    return Optional.of(List.of(stem + ".js", stem + ".json", stem + ".wxml", stem + ".wxss"));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> script(String from, String request) {
        for (String base : bases(from, request)) {
            for (String candidate : List.of(base, base + ".js", base + "/index.js")) {
                if (candidate.endsWith(".js") && Files.isRegularFile(root.resolve(candidate))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> exact(String from, String request) {
        return bases(from, request).stream()
                .filter(b -> Files.isRegularFile(root.resolve(b)))
                .findFirst();
    }

    /** Where a request may point, in the order WeChat looks. */
    private static List<String> bases(String from, String request) {
        List<String> out = new ArrayList<>();
        String dir = from.contains("/") ? from.substring(0, from.lastIndexOf('/')) : "";
        if (request.startsWith("/")) {
            normalize("", request).ifPresent(out::add);
            return out;
        }
        normalize(dir, request).ifPresent(out::add);
        if (!request.startsWith(".")) {
            for (String d = dir; ; d = d.contains("/") ? d.substring(0, d.lastIndexOf('/')) : "") {
                normalize(d.isEmpty() ? "miniprogram_npm" : d + "/miniprogram_npm", request)
                        .ifPresent(out::add);
                if (d.isEmpty()) {
                    break;
                }
            }
        }
        return out;
    }

    private static Optional<String> normalize(String dir, String request) {
        List<String> parts = new ArrayList<>(dir.isEmpty() ? List.of() : List.of(dir.split("/")));
        for (String segment : request.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(segment);
            }
        }
        return Optional.of(String.join("/", parts));
    }
}
