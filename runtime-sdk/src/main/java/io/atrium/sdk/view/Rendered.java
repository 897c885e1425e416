package io.atrium.sdk.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A rendered page: its tree, its HTML, a text view for terminals, the handlers an event on an
 * element reaches, and the patches that turn an earlier render into this one.
 */
public final class Rendered {

    private static final Set<String> INLINE = Set.of("span", "a", "i", "label", "button", "img", "input");

    private final VNode.Element root;
    private final int nodes;
    private final long chars;

    Rendered(VNode.Element root) {
        this(root, 0, 0);
    }

    Rendered(VNode.Element root, int nodes, long chars) {
        this.root = root;
        this.nodes = nodes;
        this.chars = chars;
    }

    /** Characters of text the render produced. */
    public long chars() {
        return chars;
    }

    /** How many template nodes the render expanded (what it costs to keep, roughly). */
    public int nodes() {
        return nodes;
    }

    public VNode.Element root() {
        return root;
    }

    /** The page as HTML, every text and attribute escaped. */
    public String html() {
        StringBuilder out = new StringBuilder();
        html(root, out);
        return out.toString();
    }

    /** The HTML of one node. */
    public static String html(VNode node) {
        StringBuilder out = new StringBuilder();
        html(node, out);
        return out.toString();
    }

    private static void html(VNode node, StringBuilder out) {
        if (node instanceof VNode.Text t) {
            out.append(escape(t.text()));
            return;
        }
        VNode.Element e = (VNode.Element) node;
        out.append('<').append(e.tag());
        e.attributes().forEach((k, v) -> {
            if (AttributePolicy.emittable(k)) {
                out.append(' ').append(k).append("=\"").append(escape(v)).append('"');
            }
        });
        out.append('>');
        if (e.tag().equals("img") || e.tag().equals("input")) {
            return;
        }
        e.children().forEach(c -> html(c, out));
        out.append("</").append(e.tag()).append('>');
    }

    /**
     * The page as plain text, one block per line: buttons as {@code [label](#id)}, links as
     * {@code label -> url}, inputs as {@code [input#id: value]}.
     */
    public String text() {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        text(root, lines, line);
        flush(lines, line);
        return String.join("\n", lines);
    }

    private static void text(VNode node, List<String> lines, StringBuilder line) {
        if (node instanceof VNode.Text t) {
            append(line, t.text().strip());
            return;
        }
        VNode.Element e = (VNode.Element) node;
        if (e.attributes().containsKey("hidden")) {
            return;
        }
        String id = e.attributes().getOrDefault("id", "");
        switch (e.tag()) {
            case "button" -> append(line, "[" + inner(e) + "]" + (id.isEmpty() ? "" : "(#" + id + ")"));
            case "a" -> append(line, inner(e) + " -> " + e.attributes().getOrDefault("data-ft-url", ""));
            case "input", "textarea" ->
                append(
                        line,
                        "[input" + (id.isEmpty() ? "" : "#" + id) + ": "
                                + e.attributes()
                                        .getOrDefault("value", e.attributes().getOrDefault("placeholder", "")) + "]");
            case "img" -> append(line, "[image " + e.attributes().getOrDefault("src", "") + "]");
            default -> {
                boolean block = !INLINE.contains(e.tag());
                if (block) {
                    flush(lines, line);
                }
                e.children().forEach(c -> text(c, lines, line));
                if (block) {
                    flush(lines, line);
                }
            }
        }
    }

    private static String inner(VNode.Element e) {
        StringBuilder out = new StringBuilder();
        for (VNode c : e.children()) {
            if (c instanceof VNode.Text t) {
                append(out, t.text().strip());
            } else {
                append(out, inner((VNode.Element) c));
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder line, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append(text);
    }

    private static void flush(List<String> lines, StringBuilder line) {
        if (!line.isEmpty()) {
            lines.add(line.toString());
            line.setLength(0);
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ---- events ----

    /**
     * A handler an event reaches.
     *
     * @param handler       the method's name
     * @param currentTarget the element the handler is bound on
     * @param owner         whose method it is: a component instance's id, or {@link ComponentHost#PAGE}
     */
    public record Handler(String handler, Target currentTarget, int owner) {}

    /** An element as an event describes it: its id, dataset and the path to it. */
    public record Target(String id, Map<String, Object> dataset, String path) {}

    /** The element with this HTML id, or at this path ({@code 0.2.1}, from the page's root). */
    public Optional<Target> find(String idOrPath) {
        List<VNode.Element> chain = chain(idOrPath);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        VNode.Element e = chain.get(chain.size() - 1);
        String path = Objects.requireNonNull(pathOf(idOrPath, chain), "a non-empty chain has a path");
        return Optional.of(new Target(e.attributes().getOrDefault("id", ""), e.dataset(), path));
    }

    /** The value of {@code attribute} on the element or its nearest ancestor that has it. */
    public Optional<String> attributeUp(String idOrPath, String attribute) {
        List<VNode.Element> chain = chain(idOrPath);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String value = chain.get(i).attributes().get(attribute);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * The handlers an event of {@code type} on the element reaches, innermost first: it bubbles up
     * through {@code bind} handlers and stops after the first {@code catch} handler.
     */
    public List<Handler> handlers(String idOrPath, String type) {
        List<VNode.Element> chain = chain(idOrPath);
        List<Handler> out = new ArrayList<>();
        String path = pathOf(idOrPath, chain);
        for (int i = chain.size() - 1; i >= 0; i--) {
            VNode.Element e = chain.get(i);
            String elementPath = path == null ? "" : trim(path, chain.size() - 1 - i);
            Target current = new Target(e.attributes().getOrDefault("id", ""), e.dataset(), elementPath);
            String bind = e.attributes().get("data-ft-bind-" + type);
            String caught = e.attributes().get("data-ft-catch-" + type);
            int owner = ownerOf(e);
            if (bind != null && !bind.isEmpty()) {
                out.add(new Handler(bind, current, owner));
            }
            if (caught != null && !caught.isEmpty()) {
                out.add(new Handler(caught, current, owner));
                break;
            }
        }
        return out;
    }

    /** Whose methods an element's handlers are: the component whose template it is in, or the page. */
    private static int ownerOf(VNode.Element e) {
        String owner = e.attributes().get("data-ft-owner");
        try {
            return owner == null ? ComponentHost.PAGE : Integer.parseInt(owner);
        } catch (NumberFormatException notOurs) {
            return ComponentHost.PAGE;
        }
    }

    private static String trim(String path, int levels) {
        String p = path;
        for (int i = 0; i < levels && !p.isEmpty(); i++) {
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return p;
    }

    /** The elements from the root down to the one addressed (empty when there is none). */
    private List<VNode.Element> chain(String idOrPath) {
        List<VNode.Element> chain = new ArrayList<>();
        if (idOrPath.matches("@\\d+(\\.\\d+)*")) {
            // Element-only indexes, as a browser's Element.children counts them.
            VNode.Element current = root;
            chain.add(current);
            for (String step : idOrPath.substring(1).split("\\.")) {
                int index = Integer.parseInt(step);
                List<VNode.Element> elements = current.children().stream()
                        .filter(VNode.Element.class::isInstance)
                        .map(VNode.Element.class::cast)
                        .toList();
                if (index >= elements.size()) {
                    return List.of();
                }
                current = elements.get(index);
                chain.add(current);
            }
            return chain;
        }
        if (idOrPath.matches("\\d+(\\.\\d+)*")) {
            VNode.Element current = root;
            chain.add(current);
            for (String step : idOrPath.split("\\.")) {
                int index = Integer.parseInt(step);
                if (index >= current.children().size()
                        || !(current.children().get(index) instanceof VNode.Element child)) {
                    return List.of();
                }
                chain.add(child);
                current = child;
            }
            return chain;
        }
        return byId(root, idOrPath, chain) ? chain : List.of();
    }

    private static boolean byId(VNode.Element e, String id, List<VNode.Element> chain) {
        chain.add(e);
        if (id.equals(e.attributes().get("id"))) {
            return true;
        }
        for (VNode c : e.children()) {
            if (c instanceof VNode.Element child && byId(child, id, chain)) {
                return true;
            }
        }
        chain.remove(chain.size() - 1);
        return false;
    }

    /** The path of the chain's last element, or null for an empty chain. */
    private @Nullable String pathOf(String idOrPath, List<VNode.Element> chain) {
        if (chain.isEmpty()) {
            return null;
        }
        if (idOrPath.matches("\\d+(\\.\\d+)*")) {
            return idOrPath;
        }
        List<String> steps = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            // By identity: equal siblings (two identical list items) are still different elements.
            List<VNode> siblings = chain.get(i - 1).children();
            int at = 0;
            while (siblings.get(at) != chain.get(i)) {
                at++;
            }
            steps.add(Integer.toString(at));
        }
        return String.join(".", steps);
    }

    // ---- patches ----

    /**
     * A change to an earlier render.
     *
     * @param op   {@code replace} (the node at {@code path} by {@code html}), {@code attributes} (set the
     *             element's attributes to {@code attributes}), {@code text} (the text node's new text),
     *             or {@code children} (replace all children by {@code html})
     * @param path child indexes from the page's root, dot-separated ({@code ""} is the root)
     */
    public record Patch(
            String op,
            String path,
            @Nullable String html,
            @Nullable Map<String, String> attributes) {}

    /** The patches that turn {@code previous} into this render; empty when nothing changed. */
    public List<Patch> diff(Rendered previous) {
        List<Patch> patches = new ArrayList<>();
        diff(previous.root, root, "", patches);
        return patches;
    }

    private static void diff(VNode before, VNode after, String path, List<Patch> out) {
        if (before.equals(after)) {
            return;
        }
        if (before instanceof VNode.Text && after instanceof VNode.Text t) {
            out.add(new Patch("text", path, escape(t.text()), null));
            return;
        }
        if (!(before instanceof VNode.Element b)
                || !(after instanceof VNode.Element a)
                || !b.tag().equals(a.tag())
                || !java.util.Objects.equals(b.key(), a.key())) {
            out.add(new Patch("replace", path, html(after), null));
            return;
        }
        if (!b.attributes().equals(a.attributes())) {
            out.add(new Patch("attributes", path, null, a.attributes()));
        }
        if (b.children().size() != a.children().size() || !sameKeys(b.children(), a.children())) {
            StringBuilder html = new StringBuilder();
            a.children().forEach(c -> html(c, html));
            out.add(new Patch("children", path, html.toString(), null));
            return;
        }
        for (int i = 0; i < a.children().size(); i++) {
            diff(b.children().get(i), a.children().get(i), path.isEmpty() ? Integer.toString(i) : path + "." + i, out);
        }
    }

    private static boolean sameKeys(List<VNode> before, List<VNode> after) {
        for (int i = 0; i < before.size(); i++) {
            String kb = before.get(i) instanceof VNode.Element e ? e.key() : null;
            String ka = after.get(i) instanceof VNode.Element e ? e.key() : null;
            if (!java.util.Objects.equals(kb, ka)) {
                return false;
            }
        }
        return true;
    }
}
