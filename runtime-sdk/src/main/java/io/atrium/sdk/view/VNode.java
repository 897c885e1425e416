package io.atrium.sdk.view;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A rendered node. Records compare by value, so two renders can be diffed node by node. */
public sealed interface VNode permits VNode.Element, VNode.Text {

    /**
     * An HTML element: tag, attributes in order, children, the loop key it was rendered for (or null),
     * and its dataset ({@code data-*} bindings with their values' own types, for events).
     */
    record Element(
            String tag,
            Map<String, String> attributes,
            List<VNode> children,
            @Nullable String key,
            Map<String, Object> dataset)
            implements VNode {
        public Element {
            attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            children = List.copyOf(children);
            dataset = dataset == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dataset));
        }

        Element withKey(String newKey) {
            return new Element(tag, attributes, children, newKey, dataset);
        }
    }

    /** Text. */
    record Text(String text) implements VNode {}
}
