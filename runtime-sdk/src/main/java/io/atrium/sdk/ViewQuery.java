package io.atrium.sdk;

import io.atrium.sdk.logic.ApiFailure;
import io.atrium.sdk.view.VNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Answers {@code wx.createSelectorQuery()} from a page's rendered tree: which elements a selector
 * picks, with their id, dataset, attributes and a box.
 *
 * <p>There is no layout engine here: hosts lay the HTML out themselves, and the mini-program's
 * thread never sees their result. The boxes are an approximation that keeps the numbers real code
 * computes with plausible: every element takes its parent's full width (or the width its inline
 * {@code style} gives in px) and the elements stack top to bottom in document order; text wraps at
 * {@value #CHAR_WIDTH} px a character ({@value #WIDE_CHAR_WIDTH} for CJK and other wide ones) into
 * lines of {@value #LINE_HEIGHT} px; images are 320 x 240 as WeChat's default, buttons
 * {@value #BUTTON_HEIGHT} px high. Stylesheets, margins, flex and inline flow are not modelled, and
 * nothing scrolls ({@code scrollTop} is always 0).
 */
final class ViewQuery {

    static final int LINE_HEIGHT = 20;
    static final int CHAR_WIDTH = 8;
    static final int WIDE_CHAR_WIDTH = 14;
    static final int BUTTON_HEIGHT = 46;
    // A query runs in Java on the mini-program's thread, outside the script's instruction budget:
    // its size is bounded here, and matching is memoised, so no selector costs more than
    // nodes x compounds x depth steps.
    static final int MAX_REQUESTS = 100;
    static final int MAX_MATCHES = 1_000;
    static final int MAX_SELECTOR_CHARS = 256;
    static final int MAX_COMPOUNDS = 8;

    /** WeChat's component names as the renderer emits them. */
    private static final Map<String, String> TAGS = Map.ofEntries(
            Map.entry("view", "div"),
            Map.entry("text", "span"),
            Map.entry("image", "img"),
            Map.entry("navigator", "a"),
            Map.entry("icon", "i"),
            Map.entry("scroll-view", "div"),
            Map.entry("swiper", "div"),
            Map.entry("swiper-item", "div"),
            Map.entry("rich-text", "div"),
            Map.entry("picker", "div"),
            Map.entry("checkbox", "input"),
            Map.entry("switch", "input"),
            Map.entry("radio", "input"),
            Map.entry("slider", "input"));

    private static final Pattern COMPOUND = Pattern.compile("([A-Za-z][A-Za-z0-9-]*|\\*)?((?:[#.][A-Za-z0-9_-]+)*)");
    private static final Pattern PART = Pattern.compile("([#.])([A-Za-z0-9_-]+)");
    private static final Pattern STYLE_PX =
            Pattern.compile("(?:^|;)\\s*(width|height)\\s*:\\s*([0-9.]+)px", Pattern.CASE_INSENSITIVE);

    /** A box, in px from the page's top left. */
    record Box(double left, double top, double width, double height) {}

    /** One compound selector: a tag (or null), ids and classes, and how it relates to the one before. */
    private record Compound(@Nullable String tag, List<String> ids, List<String> classes, boolean child) {}

    private final VNode.Element root;
    private final double windowWidth;
    private final double windowHeight;
    private final Map<VNode.Element, Box> boxes = new IdentityHashMap<>();
    private final Map<VNode.Element, VNode.Element> parents = new IdentityHashMap<>();
    private final List<VNode.Element> inOrder = new ArrayList<>();

    ViewQuery(VNode.Element root, double windowWidth, double windowHeight) {
        this.root = root;
        this.windowWidth = windowWidth;
        this.windowHeight = windowHeight;
        layout(root, 0, 0, windowWidth);
    }

    /**
     * The answers to a query's requests, in order: for {@code select} a node's fields or null, for
     * {@code selectAll} a list of them; an empty selector is the viewport.
     */
    List<@Nullable Object> answer(List<?> requests) {
        if (requests.size() > MAX_REQUESTS) {
            throw new ApiFailure("a query may hold at most " + MAX_REQUESTS + " requests");
        }
        List<@Nullable Object> results = new ArrayList<>();
        int answered = 0;
        for (Object r : requests) {
            Map<?, ?> request = r instanceof Map<?, ?> m ? m : Map.of();
            String selector = String.valueOf(request.get("selector") == null ? "" : request.get("selector"));
            boolean all = Boolean.TRUE.equals(request.get("all"));
            Map<?, ?> fields = request.get("fields") instanceof Map<?, ?> f ? f : Map.of();
            if (selector.isBlank()) {
                results.add(viewport(fields));
                continue;
            }
            List<VNode.Element> matched = select(selector);
            answered += all ? matched.size() : Math.min(1, matched.size());
            if (answered > MAX_MATCHES) {
                throw new ApiFailure("a query may answer at most " + MAX_MATCHES + " nodes");
            }
            if (all) {
                List<Map<String, Object>> nodes = new ArrayList<>();
                for (VNode.Element e : matched) {
                    nodes.add(fields(e, fields));
                }
                results.add(nodes);
            } else {
                results.add(matched.isEmpty() ? null : fields(matched.get(0), fields));
            }
        }
        return results;
    }

    // ---- selecting ----

    /** The elements a selector list ({@code .a, #b > text}) picks, in document order. */
    List<VNode.Element> select(String selectorList) {
        if (selectorList.length() > MAX_SELECTOR_CHARS) {
            throw new ApiFailure("a selector may be at most " + MAX_SELECTOR_CHARS + " characters long");
        }
        List<List<Compound>> selectors = new ArrayList<>();
        for (String one : selectorList.split(",")) {
            selectors.add(parse(one.strip(), selectorList));
        }
        List<VNode.Element> out = new ArrayList<>();
        List<Map<Integer, Map<VNode.Element, Boolean>>> memos = new ArrayList<>();
        for (List<Compound> selector : selectors) {
            memos.add(new java.util.HashMap<>());
        }
        for (VNode.Element e : inOrder) {
            if (e == root) {
                continue; // the renderer's own page wrapper is not the mini-program's
            }
            for (int s = 0; s < selectors.size(); s++) {
                List<Compound> selector = selectors.get(s);
                if (matches(e, selector, selector.size() - 1, memos.get(s))) {
                    out.add(e);
                    break;
                }
            }
            if (out.size() >= MAX_MATCHES) {
                break;
            }
        }
        return out;
    }

    private static List<Compound> parse(String selector, String whole) {
        // '>>>' crosses into custom components in WeChat; the rendered tree is one tree here.
        String spaced = selector.replace(">>>", " ").replace(">", " > ").strip();
        if (spaced.isEmpty()) {
            throw new ApiFailure("the selector '" + whole + "' is empty between commas");
        }
        List<Compound> out = new ArrayList<>();
        boolean child = false;
        for (String token : spaced.split("\\s+")) {
            if (token.equals(">")) {
                if (out.isEmpty() || child) {
                    throw new ApiFailure("the selector '" + whole + "' is not supported");
                }
                child = true;
                continue;
            }
            Matcher m = COMPOUND.matcher(token);
            if (!m.matches() || token.isEmpty()) {
                throw new ApiFailure("the selector '" + whole + "' is not supported (tags, #id, .class, ' ' and '>')");
            }
            String tag = m.group(1) == null || m.group(1).equals("*")
                    ? null
                    : m.group(1).toLowerCase(Locale.ROOT);
            List<String> ids = new ArrayList<>();
            List<String> classes = new ArrayList<>();
            Matcher part = PART.matcher(m.group(2));
            while (part.find()) {
                (part.group(1).equals("#") ? ids : classes).add(part.group(2));
            }
            out.add(new Compound(tag, ids, classes, child));
            child = false;
        }
        if (child) {
            throw new ApiFailure("the selector '" + whole + "' ends in '>'");
        }
        if (out.size() > MAX_COMPOUNDS) {
            throw new ApiFailure("the selector '" + whole + "' has more than " + MAX_COMPOUNDS + " parts");
        }
        return out;
    }

    /**
     * Whether {@code e} matches the selector's compounds up to {@code at}, right to left. Answers
     * are memoised by position and element for the whole select (they do not depend on where the
     * match started), so a long descendant chain on a deep tree does not backtrack exponentially.
     */
    private boolean matches(
            VNode.Element e, List<Compound> selector, int at, Map<Integer, Map<VNode.Element, Boolean>> memo) {
        Map<VNode.Element, Boolean> known = memo.computeIfAbsent(at, k -> new IdentityHashMap<>());
        Boolean cached = known.get(e);
        if (cached != null) {
            return cached;
        }
        boolean result = false;
        if (matchesOne(e, selector.get(at))) {
            if (at == 0) {
                result = true;
            } else {
                VNode.Element up = parents.get(e);
                if (selector.get(at).child()) {
                    result = up != null && up != root && matches(up, selector, at - 1, memo);
                } else {
                    for (; up != null && up != root && !result; up = parents.get(up)) {
                        result = matches(up, selector, at - 1, memo);
                    }
                }
            }
        }
        known.put(e, result);
        return result;
    }

    private static boolean matchesOne(VNode.Element e, Compound c) {
        if (c.tag() != null && !e.tag().equals(TAGS.getOrDefault(c.tag(), c.tag()))) {
            return false;
        }
        String id = e.attributes().getOrDefault("id", "");
        for (String wanted : c.ids()) {
            if (!wanted.equals(id)) {
                return false;
            }
        }
        List<String> classes =
                List.of(e.attributes().getOrDefault("class", "").strip().split("\\s+"));
        return classes.containsAll(c.classes());
    }

    // ---- fields ----

    private Map<String, Object> fields(VNode.Element e, Map<?, ?> fields) {
        Box box = box(e);
        Map<String, Object> out = new LinkedHashMap<>();
        if (on(fields, "id")) {
            out.put("id", e.attributes().getOrDefault("id", ""));
        }
        if (on(fields, "dataset")) {
            out.put("dataset", e.dataset());
        }
        if (on(fields, "rect")) {
            out.put("left", box.left());
            out.put("top", box.top());
            out.put("right", box.left() + box.width());
            out.put("bottom", box.top() + box.height());
        }
        if (on(fields, "size")) {
            out.put("width", box.width());
            out.put("height", box.height());
        }
        if (on(fields, "scrollOffset")) {
            out.put("scrollLeft", 0);
            out.put("scrollTop", 0);
            out.put("scrollWidth", box.width());
            out.put("scrollHeight", box.height());
        }
        if (fields.get("properties") instanceof List<?> names) {
            for (Object name : names) {
                String attribute = String.valueOf(name);
                out.put(attribute, e.attributes().get(attribute));
            }
        }
        if (fields.get("computedStyle") instanceof List<?> names) {
            Map<String, String> inline = inlineStyle(e);
            for (Object name : names) {
                out.put(String.valueOf(name), inline.getOrDefault(String.valueOf(name), ""));
            }
        }
        if (on(fields, "node")) {
            out.put("node", null); // no node objects (canvas, scroll-view contexts) exist here
        }
        return out;
    }

    private Map<String, Object> viewport(Map<?, ?> fields) {
        Box page = box(root);
        Map<String, Object> out = new LinkedHashMap<>();
        if (on(fields, "id")) {
            out.put("id", "");
        }
        if (on(fields, "dataset")) {
            out.put("dataset", Map.of());
        }
        if (on(fields, "rect")) {
            out.put("left", 0);
            out.put("top", 0);
            out.put("right", windowWidth);
            out.put("bottom", windowHeight);
        }
        if (on(fields, "size")) {
            out.put("width", windowWidth);
            out.put("height", windowHeight);
        }
        if (on(fields, "scrollOffset")) {
            out.put("scrollLeft", 0);
            out.put("scrollTop", 0);
            out.put("scrollWidth", windowWidth);
            out.put("scrollHeight", Math.max(windowHeight, page.height()));
        }
        return out;
    }

    /** Every element of the tree was laid out by the constructor. */
    private Box box(VNode.Element e) {
        return java.util.Objects.requireNonNull(boxes.get(e), "every rendered element has a box");
    }

    private static boolean on(Map<?, ?> fields, String name) {
        return Boolean.TRUE.equals(fields.get(name));
    }

    private static Map<String, String> inlineStyle(VNode.Element e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String declaration : e.attributes().getOrDefault("style", "").split(";")) {
            int colon = declaration.indexOf(':');
            if (colon > 0) {
                out.put(
                        declaration.substring(0, colon).strip(),
                        declaration.substring(colon + 1).strip());
            }
        }
        return out;
    }

    // ---- the approximate layout ----

    /** Lays {@code e} out at (left, top) within {@code width}; answers its height. */
    private double layout(VNode.Element e, double left, double top, double width) {
        inOrder.add(e);
        double own = width;
        double fixedHeight = -1;
        Matcher px = STYLE_PX.matcher(e.attributes().getOrDefault("style", ""));
        while (px.find()) {
            double value = Double.parseDouble(px.group(2));
            if (px.group(1).equalsIgnoreCase("width")) {
                own = Math.min(width, value);
            } else {
                fixedHeight = value;
            }
        }
        double height;
        if (e.tag().equals("img")) {
            own = Math.min(own, 320);
            height = fixedHeight >= 0 ? fixedHeight : 240;
        } else {
            double cursor = top;
            for (VNode child : e.children()) {
                if (child instanceof VNode.Element c) {
                    parents.put(c, e);
                    cursor += layout(c, left, cursor, own);
                } else if (child instanceof VNode.Text t && !t.text().isBlank()) {
                    cursor += LINE_HEIGHT * lines(t.text().strip(), own);
                }
            }
            height = fixedHeight >= 0
                    ? fixedHeight
                    : e.tag().equals("button") ? Math.max(BUTTON_HEIGHT, cursor - top) : cursor - top;
        }
        boxes.put(e, new Box(left, top, own, height));
        return height;
    }

    private static int lines(String text, double width) {
        double run = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            run += cp < 0x2E80 ? CHAR_WIDTH : WIDE_CHAR_WIDTH; // from the CJK radicals on, glyphs are wide
            i += Character.charCount(cp);
        }
        return (int) Math.max(1, Math.ceil(run / Math.max(1, width)));
    }
}
