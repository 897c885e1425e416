package io.atrium.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a launch starts.
 *
 * @param page  the page to open first, or null for the first page app.json lists
 * @param query the query {@code onLoad} receives
 */
public record LaunchOptions(@Nullable String page, Map<String, String> query) {

    public LaunchOptions {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    /** The entry page, no query. */
    public static LaunchOptions defaults() {
        return new LaunchOptions(null, Map.of());
    }
}
