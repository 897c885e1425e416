package io.atrium.search.crawler;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Pulls what search needs out of a rendered page's HTML with jsoup: headings, visible text, links. */
public final class PageExtractor {

    static final int MAX_TEXT = 20_000;
    private static final String HEADINGS = "h1, h2, h3, h4, h5, h6, [class~=(?i)(^|\\s)(title|heading|headline|header)(\\s|$)]";

    /**
     * What one page shows.
     *
     * @param headings headings and title-like elements, in order
     * @param text     the visible text, whitespace collapsed, at most {@value #MAX_TEXT} characters
     * @param links    the {@code navigator} targets, as written
     */
    public record Extracted(List<String> headings, String text, List<String> links) {
    }

    private PageExtractor() {
    }

    public static Extracted extract(String html) {
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("[hidden], script, style, template").remove();
        List<String> links = new ArrayList<>();
        for (Element a : doc.select("[data-ft-url]")) {
            String url = a.attr("data-ft-url").strip();
            if (!url.isEmpty() && !links.contains(url)) {
                links.add(url);
            }
        }
        List<String> headings = new ArrayList<>();
        for (Element h : doc.select(HEADINGS)) {
            String text = h.text().strip();
            if (!text.isEmpty() && !headings.contains(text)) {
                headings.add(text);
            }
        }
        String text = doc.body().text();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        return new Extracted(headings, text, links);
    }
}
