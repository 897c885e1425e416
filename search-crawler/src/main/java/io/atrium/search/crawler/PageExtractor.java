package io.atrium.search.crawler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** Pulls what search needs out of a rendered page's HTML with jsoup: headings, visible text, links. */
public final class PageExtractor {

    static final int MAX_TEXT = 20_000;
    /** Tags that format text inside a word; every other element boundary separates words. */
    private static final Set<String> WITHIN_WORDS = Set.of("b", "i", "em", "strong", "small", "sub", "sup", "u", "mark", "s");
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
            String text = visibleText(h);
            if (!text.isEmpty() && !headings.contains(text)) {
                headings.add(text);
            }
        }
        String text = visibleText(doc.body());
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        return new Extracted(headings, text, links);
    }

    /**
     * The element's text with a space at each element boundary. A mini-program writes each string
     * in a {@code <text>} of its own, rendered as adjacent inline spans, and jsoup's
     * {@code Element.text()} would glue "Teas" and "Longjing" into one word.
     */
    static String visibleText(Element root) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.getWholeText());
                } else if (node instanceof Element e && !WITHIN_WORDS.contains(e.normalName())) {
                    out.append(' ');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && !WITHIN_WORDS.contains(e.normalName())) {
                    out.append(' ');
                }
            }
        }, root);
        return StringUtil.normaliseWhitespace(out.toString()).strip();
    }
}
