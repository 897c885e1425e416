package io.atrium.sdk.view;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whoever runs a page's custom components, as a render meets their tags. A render asks whether a
 * tag is a component where it is used, then mounts the instance at that place: the same place in
 * the next render is the same instance.
 */
public interface ComponentHost {

    /** The page itself, as an owner. */
    int PAGE = 0;

    /** Whether {@code tag} names a custom component in the template of {@code owner} (a component's id, or {@link #PAGE}). */
    boolean isComponent(int owner, String tag);

    /**
     * The instance of the component {@code tag} names at {@code place}, created the first time that
     * place renders, and given the host element's properties and event bindings each render.
     *
     * @param owner      whose template has the tag (whose methods the events reach)
     * @param parent     the component the tag renders inside, through slots ({@link #PAGE} at the top):
     *                   its parent in the composed tree, which component relations follow
     * @param place      where the tag renders, stable from one render to the next
     * @param properties the host element's attributes other than id, class, style, slot, data-* and events, by property name
     * @param events     the host element's event bindings: event name to handler name
     * @param host       the host element's id and dataset, as an event's target
     */
    Mounted mount(
            int owner,
            int parent,
            String tag,
            String place,
            Map<String, @Nullable Object> properties,
            Map<String, String> events,
            HostElement host);

    /** The host element as events describe it. */
    record HostElement(String id, Map<String, Object> dataset) {}

    /**
     * A mounted instance.
     *
     * @param id              the instance's id (the owner of what its template binds)
     * @param template        the component's template
     * @param data            its data, properties included
     * @param scope           the class its styles are scoped by: its root carries it, its own classes are prefixed by it
     * @param externalClasses the class names the host may pass in (as attributes of those names)
     */
    record Mounted(
            int id, FxmlTemplate template, Map<String, Object> data, String scope, Set<String> externalClasses) {}
}
