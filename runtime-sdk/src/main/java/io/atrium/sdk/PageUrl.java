package io.atrium.sdk;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A page URL inside a mini-program, as {@code navigator} links and {@code ft.navigateTo} write it:
 * absolute ({@code /pages/a/a?x=1}) or relative to the page it is on ({@code ../b/b}). The runtime
 * navigates by it and the search crawler follows it, with the same rules.
 *
 * @param path  the page path, without a leading slash ({@code pages/a/a})
 * @param query the decoded query, in the order written
 */
public record PageUrl(String path, Map<String, String> query) {

    public PageUrl {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /**
     * Resolves {@code url} against the page at {@code fromPath} (null: no current page, so only the
     * path as written). Empty when {@code ..} climbs out of the package.
     */
    public static Optional<PageUrl> resolve(@Nullable String fromPath, String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.put(
                            decode(eq < 0 ? pair : pair.substring(0, eq)),
                            eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        List<String> segments = new ArrayList<>();
        if (!path.startsWith("/") && fromPath != null) {
            for (String s : fromPath.substring(0, Math.max(0, fromPath.lastIndexOf('/')))
                    .split("/")) {
                if (!s.isEmpty()) {
                    segments.add(s);
                }
            }
        }
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.remove(segments.size() - 1);
            } else {
                segments.add(s);
            }
        }
        return Optional.of(new PageUrl(String.join("/", segments), query));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
