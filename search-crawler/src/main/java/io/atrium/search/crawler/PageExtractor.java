package io.atrium.search.crawler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/** Pulls what search needs out of a rendered page's HTML with jsoup: headings, visible text, links. */
public final class PageExtractor {

    /*
     * Caps on what one page keeps, so that a hostile or generated page costs the crawler and the
     * index a bounded amount (a page of 100,000 headings once took 21 s to extract, and would have
     * gone to the index whole). They are far above what a mini-program page shows a person: a
     * search document needs the page's first screens of text and its outline, and the crawler
     * follows at most atrium.search.crawl.max-pages pages anyway.
     */
    /** Characters of visible text kept per page (about 20 KB of English, 60 KB of CJK in UTF-8). */
    static final int MAX_TEXT = 20_000;
    /** Distinct headings kept per page, the first ones in document order. */
    static final int MAX_HEADINGS = 200;
    /** Characters kept of one heading (a "title" class on a whole section must not copy its text). */
    static final int MAX_HEADING_TEXT = 300;
    /** Distinct links kept per page, the first ones in document order. */
    static final int MAX_LINKS = 500;
    /** Tags that format text inside a word; every other element boundary separates words. */
    private static final Set<String> WITHIN_WORDS =
            Set.of("b", "i", "em", "strong", "small", "sub", "sup", "u", "mark", "s");

    private static final String HEADINGS =
            "h1, h2, h3, h4, h5, h6, [class~=(?i)(^|\\s)(title|heading|headline|header)(\\s|$)]";

    /**
     * What one page shows.
     *
     * @param headings headings and title-like elements, in order, without duplicates, at most
     *                 {@value #MAX_HEADINGS} of at most {@value #MAX_HEADING_TEXT} characters each
     * @param text     the visible text, whitespace collapsed, at most {@value #MAX_TEXT} characters
     * @param links    the {@code navigator} targets, as written, without duplicates, at most
     *                 {@value #MAX_LINKS}
     */
    public record Extracted(List<String> headings, String text, List<String> links) {}

    private PageExtractor() {}

    public static Extracted extract(String html) {
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("[hidden], script, style, template").remove();
        // Sets keep first-seen order and find a duplicate in constant time (List.contains made a
        // page quadratic in its headings and links).
        Set<String> links = new LinkedHashSet<>();
        for (Element a : doc.select("[data-ft-url]")) {
            if (links.size() == MAX_LINKS) {
                break;
            }
            String url = a.attr("data-ft-url").strip();
            if (!url.isEmpty()) {
                links.add(url);
            }
        }
        Set<String> headings = new LinkedHashSet<>();
        for (Element h : doc.select(HEADINGS)) {
            if (headings.size() == MAX_HEADINGS) {
                break;
            }
            String text = visibleText(h, MAX_HEADING_TEXT);
            if (!text.isEmpty()) {
                headings.add(text);
            }
        }
        String text = visibleText(doc.body(), MAX_TEXT);
        return new Extracted(List.copyOf(headings), text, List.copyOf(links));
    }

    /**
     * The element's text with a space at each element boundary. A mini-program writes each string
     * in a {@code <text>} of its own, rendered as adjacent inline spans, and jsoup's
     * {@code Element.text()} would glue "Teas" and "Longjing" into one word. At most
     * {@code maxLength} characters, whitespace collapsed.
     */
    static String visibleText(Element root, int maxLength) {
        StringBuilder out = new StringBuilder();
        // Whitespace is collapsed while appending, so the traversal can stop as soon as enough
        // text is collected instead of copying the whole page first.
        NodeTraversor.filter(
                new NodeFilter() {
                    @Override
                    public FilterResult head(Node node, int depth) {
                        if (node instanceof TextNode t) {
                            append(t.getWholeText());
                        } else if (node instanceof Element e && !WITHIN_WORDS.contains(e.normalName())) {
                            append(" ");
                        }
                        return out.length() > maxLength ? FilterResult.STOP : FilterResult.CONTINUE;
                    }

                    @Override
                    public FilterResult tail(Node node, int depth) {
                        if (node instanceof Element e && !WITHIN_WORDS.contains(e.normalName())) {
                            append(" ");
                        }
                        return out.length() > maxLength ? FilterResult.STOP : FilterResult.CONTINUE;
                    }

                    private void append(String s) {
                        // Leading whitespace is dropped after a space (or at the start): the same as
                        // normalising the concatenated text.
                        StringUtil.appendNormalisedWhitespace(
                                out, s, out.isEmpty() || out.charAt(out.length() - 1) == ' ');
                    }
                },
                root);
        String text = out.toString().strip();
        return text.length() > maxLength ? text.substring(0, maxLength) : text;
    }
}
