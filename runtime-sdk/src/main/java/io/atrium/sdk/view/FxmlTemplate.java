package io.atrium.sdk.view;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.ParseError;
import org.jsoup.parser.Parser;
import org.jspecify.annotations.Nullable;

/**
 * A page template (FXML, or WXML: {@code ft:} and {@code wx:} prefixes alike), compiled once and
 * rendered many times. Supports {@code {{ }}} bindings in text and attributes, {@code ft:if/elif/else},
 * {@code ft:for} with {@code ft:for-item}, {@code ft:for-index} and {@code ft:key}, {@code block},
 * {@code template} with {@code name}, {@code is} and {@code data}, {@code import} and {@code include},
 * event bindings ({@code bindtap}, {@code catchtap}, {@code bind:input}, ...), {@code data-*}, and
 * maps components to HTML.
 *
 * <p>It is as lenient as WeChat's compiler and as strict (see {@link WxmlMarkup} for the text-level
 * rules): an unclosed {@code {{} in text is text, and at the end of an attribute it is read as the
 * binding it starts when the rest parses ({@code wx:elif="{{q.qtype == 1}"}); unknown tags render as
 * a {@code div} holding their children; a bare attribute is true and the string {@code "false"} is
 * a non-empty string (true), as in WeChat; {@code wx:key} may be a property, {@code *this}, or a
 * binding, and falls back to the position. Tags closed out of order, bindings that do not parse and
 * a {@code wx:else} with no {@code wx:if} before it are errors naming the file and line, and {@link
 * #check} (the upload check) refuses exactly what {@link #compile} would.
 */
public final class FxmlTemplate {

    /** On a custom component's root element: the id of the instance it renders. */
    public static final String COMPONENT_ATTRIBUTE = AttributePolicy.RENDERER_PREFIX + "component";

    private static final Pattern BINDING = WxmlMarkup.BINDING;
    private static final Pattern EVENT = Pattern.compile("(bind|catch|capture-bind|capture-catch|mut-bind):?([a-z]+)");
    private static final Map<String, String> TAGS = Map.ofEntries(
            Map.entry("view", "div"),
            Map.entry("text", "span"),
            Map.entry("button", "button"),
            Map.entry("image", "img"),
            Map.entry("input", "input"),
            Map.entry("textarea", "textarea"),
            Map.entry("navigator", "a"),
            Map.entry("scroll-view", "div"),
            Map.entry("swiper", "div"),
            Map.entry("swiper-item", "div"),
            Map.entry("icon", "i"),
            Map.entry("label", "label"),
            Map.entry("form", "form"),
            Map.entry("checkbox", "input"),
            Map.entry("switch", "input"),
            Map.entry("progress", "progress"),
            Map.entry("rich-text", "div"),
            Map.entry("picker", "div"),
            Map.entry("radio", "input"),
            Map.entry("slider", "input"));
    private static final Set<String> VOID = Set.of("img", "input");

    // ---- compiled form ----

    sealed interface TNode permits TText, TElement, TIf, TFor, TBlock, TCall, TIfPlaceholder {}

    record Interp(List<Object> parts) {
        boolean whole() {
            return parts.size() == 1 && parts.get(0) instanceof Expression;
        }

        @Nullable
        Object value(Expression.Scope scope) {
            if (whole()) {
                return ((Expression) parts.get(0)).evaluate(scope);
            }
            StringBuilder out = new StringBuilder();
            for (Object part : parts) {
                out.append(part instanceof Expression e ? Values.string(e.evaluate(scope)) : part);
            }
            return out.toString();
        }
    }

    record TText(Interp text) implements TNode {}

    record TAttribute(String name, Interp value) {}

    record TElement(String tag, List<TAttribute> attributes, List<TNode> children) implements TNode {}

    /** {@code otherwise} is null when the chain has no {@code ft:else}. */
    record TIf(
            List<Expression> conditions,
            List<TNode> branches,
            @Nullable TNode otherwise) implements TNode {}

    /**
     * {@code key} is the {@code ft:key} spec (a property of the item, or {@code *this}), or null when
     * the loop has none; {@code keyBinding} is set instead when the spec is a binding
     * ({@code wx:key="{{item.id}}"}, which WeChat tolerates), evaluated with the item in scope.
     */
    record TFor(
            Expression items,
            String item,
            String index,
            @Nullable String key,
            @Nullable Interp keyBinding,
            TNode body) implements TNode {}

    record TBlock(List<TNode> children) implements TNode {}

    /** {@code data} is null when the call passes no data. */
    record TCall(Interp name, @Nullable Expression data, Map<String, List<TNode>> definitions) implements TNode {}

    /**
     * A script module the template declares ({@code <wxs module="m" src="./m.wxs"/>}, or inline code
     * in {@code <wxs module="m">...</wxs>}; {@code <fts>} alike): exactly one of {@code src} (the
     * file's path in the package) and {@code code} is set; {@code line} is where the code starts.
     */
    public record ScriptModule(
            String name, @Nullable String src, @Nullable String code, int line) {}

    private final String path;
    private final List<TNode> body;
    private final List<ScriptModule> modules;

    private FxmlTemplate(String path, List<TNode> body, List<ScriptModule> modules) {
        this.path = path;
        this.body = body;
        this.modules = List.copyOf(modules);
    }

    public String path() {
        return path;
    }

    /** The script modules the page's own file declares, in order (WeChat's: a later name wins). */
    public List<ScriptModule> scriptModules() {
        return modules;
    }

    /**
     * Compiles the template at {@code path}, resolving {@code import} and {@code include} through {@code source}.
     *
     * @throws TemplateException naming the file, the line and what is wrong
     */
    public static FxmlTemplate compile(String path, TemplateSource source) {
        String text = source.read(path);
        if (text == null) {
            throw new TemplateException("no template " + path);
        }
        Compiler compiler = new Compiler(source);
        Compiler.CompiledFile file = compiler.file(path, text, new HashSet<>());
        return new FxmlTemplate(path, file.body, file.modules);
    }

    /**
     * Checks one template on its own, as an upload does: its structure, its markup as the compiler
     * reads it, and every binding and directive in it. Anything it accepts compiles (imported and
     * included files are checked as files of their own).
     *
     * @param path where the template is in its package, which its imports and includes are relative to
     * @return the first problem, starting with its line ({@code "3:14: ..."} or {@code "line 3: ..."}), or
     *     null when the template compiles
     */
    public static @Nullable String check(String path, String text) {
        WxmlMarkup.Scan scan = WxmlMarkup.scan(text);
        if (scan.error() != null) {
            return scan.error();
        }
        Parser parser = Parser.xmlParser().setTrackErrors(1);
        parser.parseInput(scan.prepared(), "");
        if (!parser.getErrors().isEmpty()) {
            ParseError error = parser.getErrors().get(0);
            return WxmlMarkup.at(scan.prepared(), error.getPosition(), error.getErrorMessage());
        }
        try {
            // Other files are not at hand here; each is checked when it is uploaded.
            new Compiler(other -> other.equals(path) ? text : "").file(path, text, new HashSet<>());
            return null;
        } catch (TemplateException e) {
            String message = String.valueOf(e.getMessage());
            // The caller names the file; the message names the line.
            return message.startsWith(path + ":") ? "line " + message.substring(path.length() + 1) : message;
        }
    }

    private static String where(String path, int line) {
        return path + ":" + line + ": ";
    }

    private static int line(Node node) {
        return Math.max(1, node.sourceRange().start().lineNumber());
    }

    // ---- compiler ----

    private static final class Compiler {
        private final TemplateSource source;

        Compiler(TemplateSource source) {
            this.source = source;
        }

        record CompiledFile(List<TNode> body, Map<String, List<TNode>> definitions, List<ScriptModule> modules) {}

        record Parsed(Document document, List<WxmlMarkup.InlineCode> inlineCode) {}

        /** Parses a file after {@link WxmlMarkup}'s pass, which refuses what WeChat refuses. */
        static Parsed parse(String path, String text) {
            WxmlMarkup.Scan scan = WxmlMarkup.scan(text);
            if (scan.error() != null) {
                throw new TemplateException(path + ":" + scan.error());
            }
            return new Parsed(
                    Parser.xmlParser().setTrackPosition(true).parseInput(scan.prepared(), path), scan.inlineCode());
        }

        /**
         * The templates a file defines, as a file importing it sees them: each compiled with the
         * definitions of that file itself (its own imports and templates), so a template calling
         * one its file imported works wherever it is used; the importer sees only the file's own
         * templates, not what the file imported (WXML's rule). An import cycle imports nothing
         * more.
         */
        private Map<String, List<TNode>> importedTemplates(
                String path, String text, Set<String> importing, Set<String> including) {
            if (!importing.add(path)) {
                return Map.of();
            }
            Document document = parse(path, text).document();
            Map<String, List<TNode>> visible = new LinkedHashMap<>();
            for (Element imp : document.select("import")) {
                String target = withExtension(resolve(path, line(imp), imp.attr("src")));
                String imported = source.read(target);
                if (imported == null) {
                    throw new TemplateException(
                            where(path, line(imp)) + "<import src=\"" + imp.attr("src") + "\"> names no file");
                }
                visible.putAll(importedTemplates(target, imported, importing, including));
            }
            Map<String, List<TNode>> own = new LinkedHashMap<>();
            for (Element def : document.select("template[name]")) {
                visible.put(def.attr("name"), List.of());
            }
            for (Element def : document.select("template[name]")) {
                List<TNode> body = children(path, def.childNodes(), visible, including);
                visible.put(def.attr("name"), body);
                own.put(def.attr("name"), body);
            }
            importing.remove(path);
            return own;
        }

        CompiledFile file(String path, String text, Set<String> including) {
            Parsed parsed = parse(path, text);
            Document document = parsed.document();
            List<ScriptModule> modules = new ArrayList<>();
            for (Element wxs : document.select("wxs, fts")) {
                int line = line(wxs);
                String name = wxs.attr("module").strip();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new TemplateException(where(path, line) + "<" + wxs.tagName()
                            + "> needs module= naming it (letters, digits and _, not starting with a digit)");
                }
                String mark = wxs.attr(WxmlMarkup.INLINE_MARK);
                WxmlMarkup.InlineCode inline =
                        mark.isEmpty() ? null : parsed.inlineCode().get(Integer.parseInt(mark));
                if (wxs.hasAttr("src")) {
                    modules.add(new ScriptModule(name, resolve(path, line, wxs.attr("src")), null, line));
                } else {
                    modules.add(
                            inline == null
                                    ? new ScriptModule(name, null, "", line)
                                    : new ScriptModule(name, null, inline.code(), inline.line()));
                }
            }
            Map<String, List<TNode>> definitions = new LinkedHashMap<>();
            // Templates a file imports are visible in it, but not in files that import it (WXML's rule).
            for (Element imp : document.select("import")) {
                String target = withExtension(resolve(path, line(imp), imp.attr("src")));
                String imported = source.read(target);
                if (imported == null) {
                    throw new TemplateException(
                            where(path, line(imp)) + "<import src=\"" + imp.attr("src") + "\"> names no file");
                }
                Set<String> importing = new HashSet<>();
                importing.add(path);
                definitions.putAll(importedTemplates(target, imported, importing, including));
            }
            for (Element def : document.select("template[name]")) {
                definitions.put(def.attr("name"), List.of());
            }
            for (Element def : document.select("template[name]")) {
                definitions.put(def.attr("name"), children(path, def.childNodes(), definitions, including));
            }
            return new CompiledFile(
                    children(path, document.childNodes(), definitions, including), definitions, modules);
        }

        private List<TNode> children(
                String path, List<Node> nodes, Map<String, List<TNode>> definitions, Set<String> including) {
            List<TNode> out = new ArrayList<>();
            TIfBuilder chain = null;
            for (Node node : nodes) {
                if (node instanceof TextNode text) {
                    if (text.isBlank()) {
                        continue;
                    }
                    chain = null;
                    out.add(new TText(
                            interpolate(path, line(text), text.getWholeText().strip(), false)));
                    continue;
                }
                if (!(node instanceof Element element)) {
                    continue;
                }
                String tag = element.tagName();
                if (tag.equals("import")
                        || tag.equals("wxs")
                        || tag.equals("fts")
                        || (tag.equals("template") && element.hasAttr("name"))) {
                    continue;
                }
                String elif = directive(element, "elif");
                boolean isElse = element.hasAttr("ft:else") || element.hasAttr("wx:else");
                if (elif != null || isElse) {
                    TIfBuilder open = chain;
                    if (open == null) {
                        String prefix = element.hasAttr("ft:else") || element.hasAttr("ft:elif") ? "ft:" : "wx:";
                        throw new TemplateException(where(path, line(element)) + "<" + tag + "> has " + prefix
                                + (isElse ? "else" : "elif") + " without an " + prefix + "if before it");
                    }
                    TNode compiled = element(path, element, definitions, including);
                    if (elif != null) {
                        open.add(binding(path, line(element), elif), compiled);
                    } else {
                        open.otherwise = compiled;
                        chain = null;
                    }
                } else {
                    TNode compiled = element(path, element, definitions, including);
                    // With wx:for on the same element, wx:if is tested per item, inside the loop (WeChat's order).
                    boolean loops = directive(element, "for") != null || directive(element, "for-items") != null;
                    String test = loops ? null : directive(element, "if");
                    if (test != null) {
                        chain = new TIfBuilder();
                        chain.add(binding(path, line(element), test), compiled);
                        out.add(chain.placeholder());
                    } else {
                        chain = null;
                        out.add(compiled);
                    }
                }
            }
            // Resolve each chain's placeholder into its finished TIf.
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) instanceof TIfPlaceholder p) {
                    out.set(i, p.builder.build());
                }
            }
            return out;
        }

        /** An element with its own directives stripped; {@code ft:for} wraps it, then {@code ft:if} inside the loop. */
        private TNode element(
                String path, Element element, Map<String, List<TNode>> definitions, Set<String> including) {
            String tag = element.tagName();
            int line = line(element);
            if (tag.equals("include")) {
                String target = withExtension(resolve(path, line, element.attr("src")));
                if (!including.add(target)) {
                    throw new TemplateException(
                            where(path, line) + "<include src=\"" + element.attr("src") + "\"> includes itself");
                }
                String text = source.read(target);
                if (text == null) {
                    throw new TemplateException(
                            where(path, line) + "<include src=\"" + element.attr("src") + "\"> names no file");
                }
                TNode included = new TBlock(file(target, text, including).body);
                including.remove(target);
                return included;
            }
            TNode node;
            if (tag.equals("template")) {
                String is = element.attr("is");
                if (is.isEmpty()) {
                    throw new TemplateException(
                            where(path, line) + "<template> needs name= (to define) or is= (to use)");
                }
                String data = element.attr("data");
                Expression dataExpression = data.isEmpty() ? null : dataBinding(path, line, data);
                node = new TCall(interpolate(path, line, is, true), dataExpression, definitions);
            } else if (tag.equals("block")) {
                node = new TBlock(children(path, element.childNodes(), definitions, including));
            } else {
                List<TAttribute> attributes = new ArrayList<>();
                for (Attribute a : element.attributes()) {
                    String name = a.getKey();
                    if (name.startsWith("ft:") || name.startsWith("wx:")) {
                        continue;
                    }
                    attributes.add(new TAttribute(name, interpolate(path, line, a.getValue(), true)));
                }
                node = new TElement(tag, attributes, children(path, element.childNodes(), definitions, including));
            }
            String loop = directive(element, "for");
            if (loop == null) {
                loop = directive(element, "for-items");
            }
            if (loop != null) {
                String test = directive(element, "if");
                TNode body = test == null ? node : new TIf(List.of(binding(path, line, test)), List.of(node), null);
                String item = name(orDefault(directive(element, "for-item"), "item"));
                String index = name(orDefault(directive(element, "for-index"), "index"));
                String key = directive(element, "key");
                Interp keyBinding = null;
                if (key != null && key.contains("{{")) {
                    keyBinding = interpolate(path, line, key.strip(), true);
                    key = null;
                }
                return new TFor(binding(path, line, loop), item, index, key, keyBinding, body);
            }
            return node;
        }

        /** The directive's value ({@code ft:} or {@code wx:}), or null when the element has none. */
        private static @Nullable String directive(Element element, String name) {
            if (element.hasAttr("ft:" + name)) {
                return element.attr("ft:" + name);
            }
            return element.hasAttr("wx:" + name) ? element.attr("wx:" + name) : null;
        }

        private static String orDefault(@Nullable String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        /** A loop's item or index name; written as a binding by some ({@code wx:for-item="{{x}}"}). */
        private static String name(String spec) {
            Matcher m = BINDING.matcher(spec);
            return m.matches() ? unprotect(m.group(1)).strip() : spec;
        }

        /** A directive's value: one binding is its expression; anything else, the string it reads as. */
        private static Expression binding(String path, int line, String raw) {
            // Spaces around the binding are a slip, not part of the value (wx:if="{{a}} " is not "false ").
            Interp interp = interpolate(path, line, raw.strip(), true);
            if (interp.whole()) {
                return (Expression) interp.parts().get(0);
            }
            String text = raw.strip();
            // ft:for="a,b,c" (a plain string) iterates its characters in WeChat; a literal list is what authors mean.
            return parseOrFail(path, line, "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }

        private static Expression dataBinding(String path, int line, String raw) {
            Matcher m = BINDING.matcher(raw.strip());
            if (m.matches()) {
                try {
                    return Expression.parseData(unprotect(m.group(1)));
                } catch (TemplateException e) {
                    throw new TemplateException(where(path, line) + e.getMessage());
                }
            }
            return binding(path, line, raw);
        }

        /**
         * Text and {@code {{ }}} bindings. In an attribute, a {@code {{} left open at the end
         * (a {@code }}} missing, or just one {@code }}) is read as a binding when what follows it
         * parses, as WeChat's compiler reads it; elsewhere, and when it does not parse, it is text.
         */
        static Interp interpolate(String path, int line, String raw, boolean attribute) {
            List<Object> parts = new ArrayList<>();
            Matcher m = BINDING.matcher(raw);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) {
                    parts.add(raw.substring(last, m.start()));
                }
                parts.add(parseBinding(path, line, unprotect(m.group(1))));
                last = m.end();
            }
            if (last < raw.length()) {
                String rest = raw.substring(last);
                Expression open = attribute ? unclosedBinding(rest) : null;
                if (open != null) {
                    int at = rest.indexOf("{{");
                    if (at > 0) {
                        parts.add(rest.substring(0, at));
                    }
                    parts.add(open);
                } else {
                    parts.add(rest);
                }
            }
            if (parts.isEmpty()) {
                parts.add("");
            }
            return new Interp(List.copyOf(parts));
        }

        /** The expression after a {@code {{} no {@code }}} closes, or null when it does not parse. */
        private static @Nullable Expression unclosedBinding(String rest) {
            int at = rest.indexOf("{{");
            if (at < 0) {
                return null;
            }
            String code = unprotect(rest.substring(at + 2)).strip();
            if (code.endsWith("}")) {
                code = code.substring(0, code.length() - 1);
            }
            if (code.isBlank()) {
                return null;
            }
            try {
                return Expression.parse(code);
            } catch (TemplateException notAnExpression) {
                return null;
            }
        }

        /** A binding's expression; an empty binding ({@code {{}}} or {@code {{ }}}) renders nothing. */
        private static Expression parseBinding(String path, int line, String code) {
            return code.isBlank() ? parseOrFail(path, line, "''") : parseOrFail(path, line, code);
        }

        private static Expression parseOrFail(String path, int line, String expression) {
            try {
                return Expression.parse(expression);
            } catch (TemplateException e) {
                throw new TemplateException(where(path, line) + e.getMessage());
            }
        }

        /**
         * An import's or include's file: WeChat takes {@code src="../common/icon"} for {@code
         * icon.wxml}, so a path naming no file is tried with the template extensions.
         */
        private String withExtension(String target) {
            if (source.read(target) != null) {
                return target;
            }
            for (String extension : List.of(".wxml", ".fxml")) {
                if (source.read(target + extension) != null) {
                    return target + extension;
                }
            }
            return target;
        }

        static String resolve(String from, int line, String target) {
            if (target == null || target.isBlank()) {
                throw new TemplateException(where(from, line) + "src is required");
            }
            String base =
                    target.startsWith("/") ? "" : from.contains("/") ? from.substring(0, from.lastIndexOf('/')) : "";
            List<String> parts = new ArrayList<>();
            for (String segment : (base + "/" + target).split("/")) {
                if (segment.isEmpty() || segment.equals(".")) {
                    continue;
                }
                if (segment.equals("..")) {
                    if (parts.isEmpty()) {
                        throw new TemplateException(where(from, line) + target + " climbs out of the package");
                    }
                    parts.remove(parts.size() - 1);
                } else {
                    parts.add(segment);
                }
            }
            return String.join("/", parts);
        }
    }

    static String unprotect(String text) {
        return WxmlMarkup.unprotect(text);
    }

    private static final class TIfBuilder {
        final List<Expression> conditions = new ArrayList<>();
        final List<TNode> branches = new ArrayList<>();

        @Nullable
        TNode otherwise;

        void add(Expression condition, TNode branch) {
            conditions.add(condition);
            branches.add(branch);
        }

        TNode placeholder() {
            return new TIfPlaceholder(this);
        }

        TIf build() {
            return new TIf(List.copyOf(conditions), List.copyOf(branches), otherwise);
        }
    }

    /** Stands in a child list until the chain it starts is complete. */
    private record TIfPlaceholder(TIfBuilder builder) implements TNode {}

    // ---- rendering ----

    /** Renders the page for {@code data}. */
    public Rendered render(Map<String, Object> data) {
        return render(data, t -> Map.of(), null);
    }

    /**
     * Renders the page for {@code data}, with its script modules' exports by name (see {@link
     * #scriptModules}); a module's name hides a data key of the same name, a loop's names hide both.
     */
    public Rendered render(Map<String, Object> data, Map<String, Object> modules) {
        return render(data, t -> t == this ? modules : Map.of(), null);
    }

    /**
     * Renders the page for {@code data}: the script modules of this template and of each custom
     * component's template come from {@code modules}, the components' tags go through
     * {@code components}.
     */
    public Rendered render(
            Map<String, Object> data,
            java.util.function.Function<FxmlTemplate, Map<String, Object>> modules,
            @Nullable ComponentHost components) {
        Renderer renderer = new Renderer(components, modules);
        List<VNode> children = new ArrayList<>();
        Scope scope = new Scope(data, modules.apply(this), null, null, null);
        for (TNode node : body) {
            renderer.render(node, scope, children);
        }
        return new Rendered(
                new VNode.Element("div", Map.of("class", "ft-page"), children, null, Map.of()),
                renderer.nodes,
                renderer.chars);
    }

    /** The page's data, and the names loops bound over it: the root has no parent, name or value. */
    private record Scope(
            Map<String, Object> data,
            Map<String, Object> modules,
            @Nullable Scope parent,
            @Nullable String name,
            @Nullable Object value)
            implements Expression.Scope {
        Scope with(String key, @Nullable Object v) {
            return new Scope(data, modules, this, key, v);
        }

        @Override
        public @Nullable Object lookup(String key) {
            for (Scope s = this; s != null; s = s.parent) {
                if (key.equals(s.name)) {
                    return s.value;
                }
            }
            if (modules.containsKey(key)) {
                return modules.get(key);
            }
            return data.containsKey(key) ? data.get(key) : Values.UNDEFINED;
        }
    }

    /**
     * Template nodes one render may expand to. WeChat advises pages of under a thousand nodes; a
     * tiny data value can ask for millions ({@code wx:for="{{600}}"} twice nested is 360,000), and
     * each page open keeps its render, so a render past this fails instead of filling the heap.
     */
    public static final int MAX_NODES_PER_RENDER = 20_000;

    /** Characters of text one render may produce: a node's count says nothing of its text's size. */
    public static final int MAX_CHARS_PER_RENDER = 2_000_000;

    /** Where a component's template renders: whose template it is, and what its host passed in. */
    private record Context(
            int owner,
            @Nullable String scope,
            Map<String, String> externals,
            @Nullable Slot slot,
            String place) {
        static final Context PAGE = new Context(ComponentHost.PAGE, null, Map.of(), null, "");
    }

    /** A host element's children, for the component's {@code <slot>}s: rendered where the host was. */
    private record Slot(List<TNode> children, Scope scope, Context context) {}

    /** Host attributes that are the element's own, not the component's properties. */
    private static final Set<String> HOST_ATTRIBUTES = Set.of("id", "class", "style", "slot", "hidden");

    private static final Pattern HOST_EVENT =
            Pattern.compile("(bind|catch|capture-bind|capture-catch|mut-bind):?([A-Za-z][A-Za-z0-9_-]*)");

    private static final class Renderer {
        private final @Nullable ComponentHost components;
        /** The script modules a template's bindings see: the page's, or a component's own. */
        private final java.util.function.Function<FxmlTemplate, Map<String, Object>> modulesOf;

        private int depth;
        private int nodes;
        private long chars;
        /** The template being rendered: the page's, or a component's (set while its template renders). */
        private Context context = Context.PAGE;
        /** The component whose template is rendering, slots included: the composed tree's parent. */
        private int composedParent = ComponentHost.PAGE;
        /** The loop iterations and template calls enclosing the node being rendered, for places. */
        private final List<String> places = new ArrayList<>();

        Renderer(
                @Nullable ComponentHost components,
                java.util.function.Function<FxmlTemplate, Map<String, Object>> modulesOf) {
            this.components = components;
            this.modulesOf = modulesOf;
        }

        void render(TNode node, Scope scope, List<VNode> out) {
            if (++depth > 64) {
                throw new TemplateException("templates nest deeper than 64 (a template that calls itself?)");
            }
            if (++nodes > MAX_NODES_PER_RENDER) {
                throw new TemplateException("the page renders more than " + MAX_NODES_PER_RENDER + " template nodes");
            }
            try {
                renderNode(node, scope, out);
            } finally {
                depth--;
            }
        }

        private void renderNode(TNode node, Scope scope, List<VNode> out) {
            if (node instanceof TText t) {
                String text = Values.string(t.text().value(scope));
                if (!text.isEmpty()) {
                    chars += text.length();
                    if (chars > MAX_CHARS_PER_RENDER) {
                        throw new TemplateException(
                                "the page renders more than " + MAX_CHARS_PER_RENDER + " characters of text");
                    }
                    out.add(new VNode.Text(text));
                }
            } else if (node instanceof TBlock b) {
                b.children().forEach(c -> render(c, scope, out));
            } else if (node instanceof TIf i) {
                for (int k = 0; k < i.conditions().size(); k++) {
                    if (Values.truthy(i.conditions().get(k).evaluate(scope))) {
                        render(i.branches().get(k), scope, out);
                        return;
                    }
                }
                TNode otherwise = i.otherwise();
                if (otherwise != null) {
                    render(otherwise, scope, out);
                }
            } else if (node instanceof TFor f) {
                Object items = f.items().evaluate(scope);
                List<?> list = items instanceof List<?> l
                        ? l
                        : items instanceof Map<?, ?> m
                                ? new ArrayList<>(m.values())
                                : items instanceof Number n
                                        ? range(n.intValue())
                                        : items instanceof String s ? chars(s) : List.of();
                for (int idx = 0; idx < list.size(); idx++) {
                    Object item = list.get(idx);
                    Scope inner = scope.with(f.item(), item).with(f.index(), (long) idx);
                    List<VNode> rendered = new ArrayList<>();
                    String key = f.keyBinding() != null
                            ? Values.string(f.keyBinding().value(inner))
                            : key(f.key(), item, idx);
                    places.add(key == null ? Integer.toString(idx) : "k" + key);
                    try {
                        render(f.body(), inner, rendered);
                    } finally {
                        places.remove(places.size() - 1);
                    }
                    for (VNode v : rendered) {
                        out.add(v instanceof VNode.Element e && key != null ? e.withKey(key) : v);
                    }
                }
            } else if (node instanceof TCall c) {
                String name = Values.string(c.name().value(scope));
                List<TNode> definition = c.definitions().get(name);
                if (definition == null) {
                    throw new TemplateException("<template is=\"" + name + "\"> names no template");
                }
                Expression dataExpression = c.data();
                Object data = dataExpression == null ? Map.of() : dataExpression.evaluate(scope);
                @SuppressWarnings("unchecked")
                Map<String, Object> own = data instanceof Map<?, ?> ? (Map<String, Object>) data : Map.of();
                // A template sees only the data passed to it, and the page's script modules.
                Scope templateScope = new Scope(own, scope.modules(), null, null, null);
                places.add("t" + System.identityHashCode(c));
                try {
                    definition.forEach(d -> render(d, templateScope, out));
                } finally {
                    places.remove(places.size() - 1);
                }
            } else if (node instanceof TElement e) {
                if (e.tag().equals("slot")) {
                    slot(e, scope, out);
                } else if (components != null && components.isComponent(context.owner(), e.tag())) {
                    out.add(component(components, e, scope));
                } else {
                    out.add(element(e, scope));
                }
            }
        }

        /**
         * A custom component's tag: its own template with its own data, inside a root element that
         * stands for the host (its id, classes, style and event bindings).
         */
        private VNode.Element component(ComponentHost host, TElement e, Scope scope) {
            Map<String, @Nullable Object> properties = new LinkedHashMap<>();
            Map<String, String> events = new LinkedHashMap<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, Object> dataset = new LinkedHashMap<>();
            Map<String, String> passed = new LinkedHashMap<>();
            String hostClass = "";
            for (TAttribute a : e.attributes()) {
                String name = a.name();
                Object value = a.value().value(scope);
                Matcher event = HOST_EVENT.matcher(name);
                if (event.matches()) {
                    String kind = event.group(1).contains("catch") ? "catch" : "bind";
                    events.put(event.group(2), Values.string(value));
                    if (event.group(2).matches("[a-z]+")) {
                        // Taps inside the component bubble up to the host's own bindings.
                        attributes.put(
                                AttributePolicy.RENDERER_PREFIX + kind + "-" + event.group(2), Values.string(value));
                    }
                } else if (name.startsWith("data-")) {
                    dataset.put(camel(name.substring(5)), value);
                } else if (name.equals("class")) {
                    hostClass = scopedClasses(Values.string(value));
                } else if (name.equals("id") || name.equals("style")) {
                    String safe = AttributePolicy.value(
                            "view",
                            name,
                            name.equals("style") ? Styles.convertRpx(Values.string(value)) : Values.string(value));
                    if (safe != null) {
                        attributes.put(name, safe);
                    }
                } else if (name.equals("hidden")) {
                    if (a.value().parts().equals(List.of("")) || Values.truthy(value)) {
                        attributes.put(name, name);
                    }
                } else if (!HOST_ATTRIBUTES.contains(name)) {
                    // An undefined value is not passed at all: the property keeps its default, as in WeChat.
                    if (value != Values.UNDEFINED) {
                        properties.put(camel(name), value);
                    }
                    // An external class the component declares is passed as an attribute of its name.
                    passed.put(name, scopedClasses(Values.string(value)));
                }
            }
            String place =
                    context.place() + "/" + e.tag() + "#" + System.identityHashCode(e) + "@" + String.join(",", places);
            ComponentHost.Mounted mounted = host.mount(
                    context.owner(),
                    composedParent,
                    e.tag(),
                    place,
                    properties,
                    events,
                    new ComponentHost.HostElement(attributes.getOrDefault("id", ""), dataset));
            Map<String, String> externals = new LinkedHashMap<>();
            for (String external : mounted.externalClasses()) {
                externals.put(external, passed.getOrDefault(external, ""));
            }
            if (!events.isEmpty() && context.owner() != ComponentHost.PAGE) {
                attributes.put(AttributePolicy.RENDERER_PREFIX + "owner", Integer.toString(context.owner()));
            }
            String classes = (mounted.scope() + " ft-" + e.tag() + " " + hostClass).strip();
            // Which instance this element is, for selectComponent over the rendered view.
            attributes.put(COMPONENT_ATTRIBUTE, Integer.toString(mounted.id()));
            attributes.put("class", classes);
            Context inner = new Context(
                    mounted.id(), mounted.scope(), externals, new Slot(e.children(), scope, context), place);
            Context outer = context;
            int outerParent = composedParent;
            context = inner;
            composedParent = mounted.id();
            List<VNode> children = new ArrayList<>();
            try {
                Scope own = new Scope(mounted.data(), modulesOf.apply(mounted.template()), null, null, null);
                mounted.template().body.forEach(n -> render(n, own, children));
            } finally {
                context = outer;
                composedParent = outerParent;
            }
            return new VNode.Element("div", attributes, children, null, dataset);
        }

        /** A component's {@code <slot>}: the host's children for it, rendered where the host was. */
        private void slot(TElement e, Scope scope, List<VNode> out) {
            Slot slot = context.slot();
            if (slot == null) {
                return;
            }
            String name = "";
            for (TAttribute a : e.attributes()) {
                if (a.name().equals("name")) {
                    name = Values.string(a.value().value(scope));
                }
            }
            Context inside = context;
            context = slot.context();
            try {
                for (TNode child : slot.children()) {
                    if (slotOf(child, slot.scope()).equals(name)) {
                        render(child, slot.scope(), out);
                    }
                }
            } finally {
                context = inside;
            }
        }

        /** The slot a host's child goes to: its {@code slot} attribute, through loops and conditions. */
        private static String slotOf(TNode node, Scope scope) {
            if (node instanceof TElement e) {
                for (TAttribute a : e.attributes()) {
                    if (a.name().equals("slot")) {
                        return Values.string(a.value().value(scope));
                    }
                }
            } else if (node instanceof TFor f) {
                return slotOf(f.body(), scope);
            } else if (node instanceof TIf i && !i.branches().isEmpty()) {
                return slotOf(i.branches().get(0), scope);
            }
            return "";
        }

        /**
         * Class names as the current template means them: a component's own are scoped to it, and
         * the external classes its host passed in are the host's (already scoped as the host's).
         */
        private String scopedClasses(String classes) {
            String scope = context.scope();
            if (scope == null) {
                return classes;
            }
            StringBuilder out = new StringBuilder();
            for (String name : classes.trim().split("\\s+")) {
                if (name.isEmpty()) {
                    continue;
                }
                String external = context.externals().get(name);
                String mapped = external != null ? external : ScopedStyles.className(scope, name);
                if (!mapped.isEmpty()) {
                    out.append(out.length() == 0 ? "" : " ").append(mapped);
                }
            }
            return out.toString();
        }

        private VNode.Element element(TElement e, Scope scope) {
            String tag = TAGS.getOrDefault(e.tag(), "div");
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, Object> dataset = new LinkedHashMap<>();
            if (!TAGS.containsKey(e.tag())) {
                attributes.put("class", "ft-" + e.tag());
            }
            if (e.tag().equals("checkbox") || e.tag().equals("switch")) {
                attributes.put("type", "checkbox");
            } else if (e.tag().equals("radio")) {
                attributes.put("type", "radio");
            } else if (e.tag().equals("slider")) {
                attributes.put("type", "range");
            }
            for (TAttribute a : e.attributes()) {
                String name = a.name();
                Matcher event = EVENT.matcher(name);
                if (!event.matches() && !AttributePolicy.allowed(e.tag(), name)) {
                    // Hosts insert this HTML as markup: an attribute the component does not know
                    // (onerror, href, srcdoc...) is left out rather than trusted.
                    continue;
                }
                Object value = a.value().value(scope);
                if (event.matches()) {
                    String kind = event.group(1).contains("catch") ? "catch" : "bind";
                    attributes.put(AttributePolicy.RENDERER_PREFIX + kind + "-" + event.group(2), Values.string(value));
                    if (context.owner() != ComponentHost.PAGE) {
                        // The handler is a method of the component whose template this is.
                        attributes.put(AttributePolicy.RENDERER_PREFIX + "owner", Integer.toString(context.owner()));
                    }
                } else if (name.equals("class") && context.scope() != null) {
                    String scoped = AttributePolicy.value(e.tag(), name, scopedClasses(Values.string(value)));
                    if (scoped != null) {
                        attributes.merge("class", scoped, (before, added) -> before + " " + added);
                    }
                } else if (name.startsWith("data-")) {
                    // WeChat lower-cases data-fooBar to dataset.foobar, and camel-cases data-foo-bar.
                    dataset.put(camel(name.substring(5).toLowerCase(java.util.Locale.ROOT)), value);
                    attributes.put(name, Values.string(value));
                } else if (name.equals("hidden") || name.equals("disabled") || name.equals("checked")) {
                    if (a.value().parts().equals(List.of("")) || Values.truthy(value)) {
                        attributes.put(name, name);
                    }
                } else if (name.equals("class") && attributes.containsKey("class")) {
                    attributes.put("class", attributes.get("class") + " " + Values.string(value));
                } else if (e.tag().equals("navigator") && name.equals("url")) {
                    String url = AttributePolicy.pageUrl(Values.string(value));
                    if (url != null) {
                        attributes.put("href", "#");
                        attributes.put(AttributePolicy.RENDERER_PREFIX + "url", url);
                    }
                } else {
                    String text = Values.string(value);
                    String safe =
                            AttributePolicy.value(e.tag(), name, name.equals("style") ? Styles.convertRpx(text) : text);
                    if (safe != null) {
                        attributes.put(name, safe);
                    }
                }
            }
            List<VNode> children = new ArrayList<>();
            if (!VOID.contains(tag)) {
                e.children().forEach(c -> render(c, scope, children));
            }
            return new VNode.Element(tag, attributes, children, null, dataset);
        }

        /** The loop key of an item, or null when the loop has no key spec. */
        private static @Nullable String key(@Nullable String keySpec, @Nullable Object item, int index) {
            if (keySpec == null || keySpec.isBlank()) {
                return null;
            }
            if (keySpec.equals("*this")) {
                // Objects all read "[object Object]": keyed by position, as WeChat falls back to.
                return item instanceof Map || item instanceof List ? Integer.toString(index) : Values.string(item);
            }
            Object own = Values.member(item, keySpec);
            // wx:key="index" (or a property the items lack) is common: WeChat then keys by position.
            return own == Values.UNDEFINED ? Integer.toString(index) : Values.string(own);
        }

        private static List<Object> range(int n) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < Math.min(n, 100_000); i++) {
                out.add(i);
            }
            return out;
        }

        private static List<Object> chars(String s) {
            List<Object> out = new ArrayList<>();
            for (char c : s.toCharArray()) {
                out.add(String.valueOf(c));
            }
            return out;
        }

        private static String camel(String name) {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : name.toCharArray()) {
                if (c == '-') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }
    }
}
