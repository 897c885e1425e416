package io.atrium.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.view.Rendered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One rendered state of a page, immutable: what a host shows. HTML and text are produced on first
 * use.
 */
public final class PageView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final Map<String, String> query;
    private final String title;
    private final String style;
    private final Rendered rendered;
    private final String dataJson;
    /** Made on first use. */
    private volatile @Nullable String html;

    private volatile @Nullable String text;

    PageView(String path, Map<String, String> query, String title, String style, Rendered rendered, String dataJson) {
        this.path = path;
        this.query = Map.copyOf(query);
        this.title = title;
        this.style = style;
        this.rendered = rendered;
        this.dataJson = dataJson;
    }

    /** The page's path, as app.json lists it ({@code pages/index/index}). */
    public String path() {
        return path;
    }

    /** The query the page was opened with. */
    public Map<String, String> query() {
        return query;
    }

    /** The navigation bar's title. */
    public String title() {
        return title;
    }

    /** The page's CSS (app style, then page style), {@code rpx} converted. */
    public String style() {
        return style;
    }

    /** The render itself: elements, handlers, patches. */
    public Rendered rendered() {
        return rendered;
    }

    /** The page as HTML. */
    public String html() {
        String h = html;
        if (h == null) {
            h = rendered.html();
            html = h;
        }
        return h;
    }

    /** The page as plain text, one block per line, for terminals and search. */
    public String text() {
        String t = text;
        if (t == null) {
            t = rendered.text();
            text = t;
        }
        return t;
    }

    /** The page's data as JSON. */
    public String dataJson() {
        return dataJson;
    }

    /** The page's data. */
    public Map<String, Object> data() {
        try {
            return JSON.readValue(dataJson, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
