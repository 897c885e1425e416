package io.atrium.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.atrium.sdk.logic.ApiFailure;
import io.atrium.sdk.logic.LogicEngine;
import io.atrium.sdk.view.ComponentHost;
import io.atrium.sdk.view.FxmlTemplate;
import io.atrium.sdk.view.ScopedStyles;
import io.atrium.sdk.view.Styles;
import io.atrium.sdk.view.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.Context;

/**
 * A session's custom components: their definitions (script, template, JSON and scoped style, each
 * loaded when a page first renders the component) and their instances, by the place they render at.
 * An instance is created the first time its place renders, given its host's properties each render,
 * and detached when a render no longer reaches it. Touched only on the mini-program's thread.
 */
final class ComponentTree {

    /** Renders a page may take while components' lifetimes and observers keep changing data. */
    static final int MAX_PASSES = 4;

    /** One component, as its files define it. */
    record Definition(
            String path,
            FxmlTemplate template,
            String scope,
            String style,
            Map<String, String> using,
            Set<String> externalClasses) {}

    /** One instance on a page. */
    static final class Instance {
        final int id;
        final int pageId;
        final Definition definition;
        final String place;
        Map<String, Object> data = new LinkedHashMap<>();
        long dataBytes;

        @Nullable
        Map<String, @Nullable Object> properties;

        Map<String, String> events = Map.of();
        ComponentHost.HostElement host = new ComponentHost.HostElement("", Map.of());
        /** Whose template has the host element: the page ({@link ComponentHost#PAGE}) or a component. */
        int owner;
        /** The component it renders inside, through slots: its parent in the composed tree. */
        int parent;

        boolean seen;

        Instance(int id, int pageId, Definition definition, String place) {
            this.id = id;
            this.pageId = pageId;
            this.definition = definition;
            this.place = place;
        }
    }

    private final PackageFiles files;
    private final JsonNode appJson;
    private final LogicEngine engine;
    private final IntSupplier ids;
    private final Map<String, Definition> definitions = new HashMap<>();
    private final Map<String, Map<String, String>> pageUsing = new HashMap<>();
    private final Map<Integer, Instance> byId = new HashMap<>();
    private final Map<Integer, Map<String, Instance>> byPage = new HashMap<>();
    /** Instances created by the render under way, in order: attached and ready after it. */
    private final List<Instance> created = new ArrayList<>();
    /** The instance being given its properties: its own setData then is part of the render. */
    private int mounting;

    ComponentTree(PackageFiles files, JsonNode appJson, LogicEngine engine, IntSupplier ids) {
        this.files = files;
        this.appJson = appJson;
        this.engine = engine;
        this.ids = ids;
    }

    @Nullable
    Instance instance(int id) {
        return byId.get(id);
    }

    boolean isMounting(int id) {
        return mounting == id;
    }

    /** What a render of the page asks for its custom tags. */
    ComponentHost host(int pageId, String pagePath) {
        Map<String, Instance> instances = byPage.computeIfAbsent(pageId, k -> new LinkedHashMap<>());
        instances.values().forEach(i -> i.seen = false);
        return new ComponentHost() {
            @Override
            public boolean isComponent(int owner, String tag) {
                return using(owner, pagePath).containsKey(tag);
            }

            @Override
            public Mounted mount(
                    int owner,
                    int parent,
                    String tag,
                    String place,
                    Map<String, @Nullable Object> properties,
                    Map<String, String> events,
                    HostElement host) {
                Instance instance = instances.get(place);
                Context cx = Context.getCurrentContext();
                if (instance == null) {
                    String path = java.util.Objects.requireNonNull(
                            using(owner, pagePath).get(tag), "the renderer asked isComponent first");
                    Definition definition = definition(cx, path, tag);
                    Instance fresh = new Instance(ids.getAsInt(), pageId, definition, place);
                    instance = fresh;
                    fresh.properties = new LinkedHashMap<>(properties);
                    instances.put(place, fresh);
                    byId.put(fresh.id, fresh);
                    created.add(fresh);
                    fresh.owner = owner;
                    fresh.events = Map.copyOf(events);
                    fresh.host = host;
                    during(
                            fresh,
                            () -> engine.onCreateComponent(
                                    cx, fresh.id, pageId, definition.path(), RunningSession.json(properties)));
                } else if (!properties.equals(instance.properties)) {
                    instance.properties = new LinkedHashMap<>(properties);
                    Instance changed = instance;
                    during(
                            instance,
                            () -> engine.onComponentProperties(cx, changed.id, RunningSession.json(properties)));
                }
                instance.seen = true;
                instance.owner = owner;
                instance.parent = parent;
                instance.events = Map.copyOf(events);
                instance.host = host;
                Definition d = instance.definition;
                return new Mounted(instance.id, d.template(), instance.data, d.scope(), d.externalClasses());
            }
        };
    }

    private void during(Instance instance, Runnable call) {
        int outer = mounting;
        mounting = instance.id;
        try {
            call.run();
        } finally {
            mounting = outer;
        }
    }

    /**
     * After a render of the page: instances it no longer reached are detached, and those it created
     * are attached and ready, in the order they were created (a parent before its children).
     */
    void afterRender(int pageId) {
        Context cx = Context.getCurrentContext();
        Map<String, Instance> instances = byPage.getOrDefault(pageId, Map.of());
        List<Instance> gone = instances.values().stream().filter(i -> !i.seen).toList();
        for (Instance instance : gone) {
            instances.remove(instance.place);
            byId.remove(instance.id);
            created.remove(instance);
            engine.onDetachComponent(cx, instance.id);
        }
        List<Instance> fresh = List.copyOf(created);
        created.clear();
        for (Instance instance : fresh) {
            if (byId.containsKey(instance.id)) {
                engine.onComponentLifetime(cx, instance.id, "attached");
            }
        }
        // Relations link after attached and before ready, as in WeChat, each from the inner side.
        for (Instance instance : fresh) {
            if (byId.containsKey(instance.id)) {
                engine.onComponentRelations(cx, instance.id, RunningSession.json(ancestors(instance)));
            }
        }
        for (Instance instance : fresh) {
            if (byId.containsKey(instance.id)) {
                engine.onComponentLifetime(cx, instance.id, "ready");
            }
        }
    }

    /** The instance's ancestors in the composed tree, nearest first. */
    private List<Integer> ancestors(Instance instance) {
        List<Integer> out = new ArrayList<>();
        for (Instance at = byId.get(instance.parent); at != null && out.size() < 256; at = byId.get(at.parent)) {
            out.add(at.id);
        }
        return out;
    }

    /** A render that failed: what it created is forgotten with the page's other instances when the page goes. */
    void renderFailed() {
        created.clear();
    }

    /** The page is gone: its instances with it (the logic layer forgets its own side with the page). */
    void dropPage(int pageId) {
        Map<String, Instance> instances = byPage.remove(pageId);
        if (instances != null) {
            instances.values().forEach(i -> byId.remove(i.id));
            created.removeIf(i -> i.pageId == pageId);
        }
    }

    /** The session stopped: every definition and instance (and the data they hold) goes with it. */
    void clear() {
        definitions.clear();
        pageUsing.clear();
        byId.clear();
        byPage.clear();
        created.clear();
    }

    /** The scoped style sheets of the components the page renders, each once. */
    String styles(int pageId) {
        Set<Definition> used = new LinkedHashSet<>();
        byPage.getOrDefault(pageId, Map.of()).values().forEach(i -> used.add(i.definition));
        StringBuilder out = new StringBuilder();
        for (Definition d : used) {
            if (!d.style().isEmpty()) {
                out.append('\n').append(d.style());
            }
        }
        return out.toString();
    }

    /** Bytes the page's instances' data keeps, as {@link RunningSession#dataBytes} counts a page's. */
    long dataBytes(int pageId) {
        long bytes = 0;
        for (Instance i : byPage.getOrDefault(pageId, Map.of()).values()) {
            bytes += i.dataBytes;
        }
        return bytes;
    }

    // ---- definitions ----

    /** The tags a template may use: app.json's global usingComponents, then its own JSON's. */
    private Map<String, String> using(int owner, String pagePath) {
        if (owner == ComponentHost.PAGE) {
            return pageUsing.computeIfAbsent(pagePath, p -> usingOf(p + ".json"));
        }
        Instance instance = byId.get(owner);
        return instance == null ? Map.of() : instance.definition.using();
    }

    private Map<String, String> usingOf(String jsonFile) {
        Map<String, String> using = new LinkedHashMap<>();
        addUsing(using, appJson, "app.json");
        String text = files.read(jsonFile);
        if (text != null) {
            try {
                addUsing(using, RunningSession.JSON.readTree(text), jsonFile);
            } catch (JsonProcessingException e) {
                throw new ApiFailure(jsonFile + " does not parse: " + e.getOriginalMessage());
            }
        }
        return Map.copyOf(using);
    }

    private void addUsing(Map<String, String> using, JsonNode json, String file) {
        json.path("usingComponents").fields().forEachRemaining(entry -> {
            String target = entry.getValue().asText("");
            using.put(entry.getKey(), resolve(file, target, entry.getKey()));
        });
    }

    /**
     * A usingComponents path, from the JSON file that names it: absolute from the package's root;
     * relative; or a bare path ({@code "@vant/weapp/button/index"}), looked for beside the file and
     * then, as WeChat looks for npm components, in the {@code miniprogram_npm} folder of the file's
     * folder and of each folder above it. A path may name a folder with an {@code index} component.
     */
    private String resolve(String file, String target, String tag) {
        if (target.isBlank() || target.contains("://") || target.contains("\\")) {
            throw new ApiFailure(file + ": usingComponents names <" + tag + "> as \"" + target
                    + "\", which is not a component path in the package");
        }
        String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
        if (target.startsWith("/")) {
            return orIndex(normalize(file, "", target));
        }
        String beside = orIndex(normalize(file, dir, target));
        if (target.startsWith(".") || files.contains(beside + ".js")) {
            return beside;
        }
        for (String d = dir; ; d = d.contains("/") ? d.substring(0, d.lastIndexOf('/')) : "") {
            String npm = orIndex(normalize(file, d.isEmpty() ? "miniprogram_npm" : d + "/miniprogram_npm", target));
            if (files.contains(npm + ".js")) {
                return npm;
            }
            if (d.isEmpty()) {
                return beside; // not found anywhere: the error names the place beside the file
            }
        }
    }

    private String orIndex(String path) {
        return !files.contains(path + ".js") && files.contains(path + "/index.js") ? path + "/index" : path;
    }

    private static String normalize(String file, String dir, String target) {
        List<String> parts = new ArrayList<>();
        if (!dir.isEmpty()) {
            parts.addAll(List.of(dir.split("/")));
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ApiFailure(file + ": usingComponents path " + target + " climbs out of the package");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(segment);
            }
        }
        return String.join("/", parts);
    }

    private Definition definition(Context cx, String path, String tag) {
        Definition known = definitions.get(path);
        if (known != null) {
            return known;
        }
        String source = files.read(path + ".js");
        if (source == null) {
            throw new ApiFailure("the component <" + tag + "> (" + path + ") has no script " + path + ".js");
        }
        String templateFile = files.contains(path + ".fxml") ? path + ".fxml" : path + ".wxml";
        FxmlTemplate template;
        try {
            template = FxmlTemplate.compile(templateFile, files::read);
        } catch (TemplateException e) {
            throw new ApiFailure("the template of the component " + path + " does not compile: " + e.getMessage());
        }
        Map<String, String> using = usingOf(path + ".json");
        String scope = "ftc" + (definitions.size() + 1);
        String css = files.read(path + ".wxss");
        if (css == null) {
            css = files.read(path + ".ftss");
        }
        String style = css == null ? "" : ScopedStyles.scope(Styles.convertRpx(css), scope);
        String declared = engine.onComponentScript(cx, path, source, path + ".js");
        if (declared == null) {
            throw new ApiFailure("the script of the component " + path + " did not call Component()");
        }
        Set<String> externalClasses = new LinkedHashSet<>();
        try {
            RunningSession.JSON
                    .readTree(declared)
                    .path("externalClasses")
                    .forEach(c -> externalClasses.add(c.asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Definition definition = new Definition(path, template, scope, style, using, Set.copyOf(externalClasses));
        definitions.put(path, definition);
        return definition;
    }
}
