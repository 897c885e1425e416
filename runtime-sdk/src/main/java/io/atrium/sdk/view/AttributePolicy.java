package io.atrium.sdk.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a template may put on an element of a host's page. Hosts insert rendered HTML as markup, so
 * the template is the author of the page's DOM: anything a browser acts on (event handlers, URLs,
 * style) is allowed here only when it is known to be passive.
 */
final class AttributePolicy {

    /** What every component may carry (besides {@code data-*}, {@code aria-*} and the renderer's own). */
    private static final Set<String> GENERIC = Set.of("id", "class", "style", "hidden", "title", "role");

    /**
     * Each component's own attributes, as its documentation lists them. Most mean nothing to a
     * browser and ride along for the runtime (open-type) or for later use; none is interpreted as a
     * URL or script by the HTML element the component becomes, except those {@link #value} checks.
     */
    private static final Map<String, Set<String>> COMPONENT = Map.ofEntries(
            Map.entry("view", Set.of("hover-class", "hover-stop-propagation", "hover-start-time", "hover-stay-time")),
            Map.entry("text", Set.of("selectable", "user-select", "space", "decode")),
            Map.entry(
                    "button",
                    Set.of(
                            "type",
                            "size",
                            "plain",
                            "disabled",
                            "loading",
                            "form-type",
                            "open-type",
                            "hover-class",
                            "hover-stop-propagation",
                            "hover-start-time",
                            "hover-stay-time")),
            Map.entry("image", Set.of("src", "mode", "lazy-load", "webp", "show-menu-by-longpress", "alt")),
            Map.entry(
                    "input",
                    Set.of(
                            "value",
                            "placeholder",
                            "type",
                            "maxlength",
                            "password",
                            "disabled",
                            "name",
                            "focus",
                            "auto-focus",
                            "confirm-type",
                            "confirm-hold",
                            "cursor",
                            "selection-start",
                            "selection-end",
                            "placeholder-class",
                            "placeholder-style")),
            Map.entry(
                    "textarea",
                    Set.of(
                            "value",
                            "placeholder",
                            "maxlength",
                            "disabled",
                            "name",
                            "focus",
                            "auto-focus",
                            "auto-height",
                            "fixed",
                            "cursor",
                            "selection-start",
                            "selection-end",
                            "placeholder-class",
                            "placeholder-style")),
            Map.entry(
                    "navigator",
                    Set.of(
                            "url",
                            "open-type",
                            "delta",
                            "hover-class",
                            "hover-stop-propagation",
                            "hover-start-time",
                            "hover-stay-time")),
            Map.entry(
                    "scroll-view",
                    Set.of(
                            "scroll-x",
                            "scroll-y",
                            "scroll-top",
                            "scroll-left",
                            "scroll-into-view",
                            "scroll-with-animation",
                            "enable-flex",
                            "upper-threshold",
                            "lower-threshold",
                            "enhanced",
                            "show-scrollbar")),
            Map.entry(
                    "swiper",
                    Set.of(
                            "indicator-dots",
                            "indicator-color",
                            "indicator-active-color",
                            "autoplay",
                            "current",
                            "interval",
                            "duration",
                            "circular",
                            "vertical")),
            Map.entry("swiper-item", Set.of("item-id")),
            Map.entry("icon", Set.of("type", "size", "color")),
            Map.entry("label", Set.of("for")),
            Map.entry("form", Set.of("report-submit")),
            Map.entry("checkbox", Set.of("value", "checked", "disabled", "color", "name")),
            Map.entry("switch", Set.of("checked", "disabled", "color", "name")),
            Map.entry("radio", Set.of("value", "checked", "disabled", "color", "name")),
            Map.entry(
                    "slider",
                    Set.of(
                            "min",
                            "max",
                            "step",
                            "value",
                            "disabled",
                            "color",
                            "selected-color",
                            "active-color",
                            "background-color",
                            "block-size",
                            "block-color",
                            "show-value",
                            "name")),
            Map.entry(
                    "progress",
                    Set.of(
                            "percent",
                            "value",
                            "max",
                            "show-info",
                            "border-radius",
                            "font-size",
                            "stroke-width",
                            "color",
                            "active-color",
                            "background-color",
                            "active",
                            "active-mode")),
            Map.entry("rich-text", Set.of("space")),
            Map.entry(
                    "picker",
                    Set.of("mode", "value", "range", "range-key", "start", "end", "fields", "disabled", "name")));

    /** Input types that are text of some kind; file, image, hidden, submit and the like are no mini-program's. */
    private static final Set<String> INPUT_TYPES = Set.of(
            "text", "number", "digit", "idcard", "password", "safe-password", "nickname", "search", "tel", "email");

    private static final Set<String> WEB_SCHEMES = Set.of("http", "https");
    /** Raster image data only: an SVG is a document of its own, and none is needed inline. */
    private static final Pattern IMAGE_DATA = Pattern.compile(
            "data:image/(png|gif|jpeg|jpg|webp|avif|bmp|x-icon)[;,].*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final Pattern DATA_NAME = Pattern.compile("data-[a-z0-9][a-z0-9_.-]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARIA_NAME = Pattern.compile("aria-[a-z]+");
    private static final Pattern PROPERTY = Pattern.compile("--[a-zA-Z0-9_-]+|-?[a-zA-Z][a-zA-Z0-9-]*");
    private static final Pattern CSS_URL =
            Pattern.compile("url\\(\\s*(['\"]?)(.*?)\\1\\s*\\)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CSS_STRING = Pattern.compile("(['\"])(.*?)\\1", Pattern.DOTALL);
    /** Properties that bind script to an element (IE's behaviors, old Firefox's XBL). */
    private static final Set<String> CSS_REFUSED_PROPERTIES = Set.of("behavior", "-moz-binding");
    /** What makes a value active (IE's expression(), script URLs) or hides what it says (escapes, comments). */
    private static final List<String> CSS_REFUSED =
            List.of("expression(", "javascript:", "vbscript:", "@import", "\\", "/*", "<");

    /** The prefix of the attributes the renderer writes itself (event bindings, navigator URLs). */
    static final String RENDERER_PREFIX = "data-ft-";

    private AttributePolicy() {}

    /** Whether {@code component} may carry the template attribute {@code name} (directives and events aside). */
    static boolean allowed(String component, String name) {
        if (!emittable(name) || name.startsWith(RENDERER_PREFIX)) {
            return false;
        }
        if (GENERIC.contains(name)
                || DATA_NAME.matcher(name).matches()
                || ARIA_NAME.matcher(name).matches()) {
            return true;
        }
        Set<String> own = COMPONENT.get(component);
        return own != null && own.contains(name);
    }

    /**
     * The last word on an attribute name reaching HTML, whoever built the element: a plain name,
     * and never an event handler.
     */
    static boolean emittable(String name) {
        return name.matches("[a-zA-Z][a-zA-Z0-9_.-]*")
                && !name.toLowerCase(Locale.ROOT).startsWith("on");
    }

    /**
     * The value to emit for an allowed attribute, or null to leave the attribute out: URLs must pass
     * {@link #url}, styles lose what {@link #style} refuses.
     */
    static @Nullable String value(String component, String name, String value) {
        return switch (name) {
            case "style" -> {
                String css = style(value);
                yield css.isEmpty() ? null : css;
            }
            case "src" -> url(value, true);
            case "type" ->
                !component.equals("input") || INPUT_TYPES.contains(value.strip().toLowerCase(Locale.ROOT))
                        ? value
                        : null;
            default -> value;
        };
    }

    /**
     * The one URL rule. A URL is kept as written when, read the way a browser reads it, it is a
     * relative reference, an {@code http}/{@code https} URL, or (for an image) raster image data;
     * everything else ({@code javascript:}, {@code vbscript:}, other {@code data:}, {@code file:},
     * {@code blob:}, any scheme not named) is refused with null.
     *
     * @param image whether the URL is an image's source
     */
    static @Nullable String url(String url, boolean image) {
        String scheme = scheme(url);
        if (scheme == null) {
            return url;
        }
        if (WEB_SCHEMES.contains(scheme)
                || image
                        && scheme.equals("data")
                        && IMAGE_DATA.matcher(browserForm(url)).matches()) {
            return url;
        }
        return null;
    }

    /**
     * A navigator's URL: a page of this mini-program, so a relative reference that stays on this
     * origin (no scheme, no {@code //host}, and no backslash, which browsers read as a slash).
     */
    static @Nullable String pageUrl(String url) {
        String form = browserForm(url);
        if (scheme(url) != null || form.startsWith("//") || form.contains("\\")) {
            return null;
        }
        return url;
    }

    /** The URL's scheme in lower case, or null for a relative reference. */
    private static @Nullable String scheme(String url) {
        String form = browserForm(url);
        Matcher m = SCHEME.matcher(form);
        if (m.lookingAt()) {
            return m.group(1).toLowerCase(Locale.ROOT);
        }
        // Not a scheme by the grammar, but a browser that finds ':' before any '/', '?' or '#' reads
        // the text as opaque; refuse it rather than guess.
        int colon = form.indexOf(':');
        if (colon >= 0) {
            String head = form.substring(0, colon);
            if (head.indexOf('/') < 0 && head.indexOf('?') < 0 && head.indexOf('#') < 0) {
                return "?";
            }
        }
        return null;
    }

    /** The URL as a browser's parser sees it: C0 controls and spaces trimmed, tabs and newlines removed. */
    private static String browserForm(String url) {
        int start = 0;
        int end = url.length();
        while (start < end && url.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && url.charAt(end - 1) <= ' ') {
            end--;
        }
        return url.substring(start, end).replaceAll("[\t\n\r]", "");
    }

    /**
     * A style attribute with every declaration that could fetch or run something, or that hides
     * what it says, left out; the rest is kept in order as {@code property: value}.
     */
    static String style(String css) {
        List<String> kept = new ArrayList<>();
        for (String declaration : declarations(css)) {
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String property = declaration.substring(0, colon).strip();
            String value = declaration.substring(colon + 1).strip();
            if (PROPERTY.matcher(property).matches()
                    && !CSS_REFUSED_PROPERTIES.contains(property.toLowerCase(Locale.ROOT))
                    && !value.isEmpty()
                    && passive(value)) {
                kept.add(property + ": " + value);
            }
        }
        return String.join("; ", kept);
    }

    private static boolean passive(String value) {
        String squeezed = value.toLowerCase(Locale.ROOT).replaceAll("[\\x00-\\x20]", "");
        for (String refused : CSS_REFUSED) {
            if (squeezed.contains(refused)) {
                return false;
            }
        }
        Matcher m = CSS_URL.matcher(value);
        while (m.find()) {
            if (url(m.group(2), true) == null) {
                return false;
            }
        }
        // Strings are URLs in image-set() and var()-built values: one with a scheme must pass too.
        Matcher s = CSS_STRING.matcher(value);
        while (s.find()) {
            if (scheme(s.group(2)) != null && url(s.group(2), true) == null) {
                return false;
            }
        }
        return true;
    }

    /** Splits at the semicolons that end declarations, not those inside quotes or parentheses. */
    private static List<String> declarations(String css) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (char c : css.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ';' && depth == 0) {
                out.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        // An unclosed quote or parenthesis swallows the rest in CSS too; whatever it is, it is dropped.
        if (quote == 0 && depth == 0) {
            out.add(current.toString());
        }
        return out;
    }
}
