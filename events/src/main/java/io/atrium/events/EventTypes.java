package io.atrium.events;

import io.atrium.events.apikey.ApiKeyEvent;
import io.atrium.events.hostapp.HostAppEvent;
import io.atrium.events.member.LoginAttemptEvent;
import io.atrium.events.member.LoginPolicyEvent;
import io.atrium.events.member.MemberEvent;
import io.atrium.events.miniprogram.MiniProgramEvent;
import io.atrium.events.projection.ProjectionEvent;
import io.atrium.events.role.RoleEvent;
import io.atrium.events.security.SecurityRecordEvent;
import io.atrium.events.tenant.TenantEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which class reads which stored event name. Built from the {@link EventType} annotations of the
 * event classes; every reader of stored events (the event store's serializer, the event feed, time
 * travel over the operation log) resolves names through one of these.
 * <p>
 * A name resolves to its class; so do its legacy names (fully qualified class names as old rows
 * hold them, and their simple names, as old operation-log rows hold them).
 */
public final class EventTypes {

    /** Every event family Atrium records. A new family is added here. */
    private static final List<Class<?>> FAMILIES = List.of(
            MiniProgramEvent.class,
            HostAppEvent.class,
            ApiKeyEvent.class,
            ProjectionEvent.class,
            SecurityRecordEvent.class,
            RoleEvent.class,
            TenantEvent.class,
            MemberEvent.class,
            LoginAttemptEvent.class,
            LoginPolicyEvent.class);

    /** The registry of every event class of every family. */
    public static final EventTypes ALL = of(FAMILIES.stream()
            .flatMap(family -> java.util.Arrays.stream(family.getPermittedSubclasses()))
            .toList());

    /**
     * One registered event type.
     *
     * @param legacyNames the names old rows may hold for it (see {@link EventType#legacyNames()})
     */
    public record Descriptor(String name, int revision, Class<?> type, List<String> legacyNames) {}

    private final Map<String, Descriptor> byName = new LinkedHashMap<>();
    private final Map<String, Descriptor> byLegacyName = new LinkedHashMap<>();
    private final Map<Class<?>, Descriptor> byClass = new LinkedHashMap<>();

    private EventTypes(List<Class<?>> types) {
        for (Class<?> type : types) {
            Descriptor d = describe(type);
            if (byName.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException("two event classes are named " + d.name() + ": "
                        + byName.get(d.name()).type() + " and " + type);
            }
            byClass.put(type, d);
            for (String legacy : d.legacyNames()) {
                register(legacy, d);
                int dot = legacy.lastIndexOf('.');
                if (dot >= 0) {
                    register(legacy.substring(dot + 1), d);
                }
            }
        }
        for (String legacy : byLegacyName.keySet()) {
            if (byName.containsKey(legacy)) {
                throw new IllegalArgumentException("legacy name " + legacy + " is also a stable name");
            }
        }
    }

    private void register(String legacy, Descriptor d) {
        Descriptor earlier = byLegacyName.putIfAbsent(legacy, d);
        if (earlier != null && earlier != d) {
            throw new IllegalArgumentException(
                    "legacy name " + legacy + " names both " + earlier.name() + " and " + d.name());
        }
    }

    /** A registry of exactly these event classes (tests use it to stand a renamed class in for an old one). */
    public static EventTypes of(List<Class<?>> types) {
        return new EventTypes(types);
    }

    /** The descriptor of an event class, read from its {@link EventType} annotation. */
    public static Descriptor describe(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(
                    type.getName() + " has no @EventType: every stored event needs a stable name");
        }
        if (annotation.revision() < 1) {
            throw new IllegalArgumentException(type.getName() + ": revisions start at 1");
        }
        return new Descriptor(annotation.name(), annotation.revision(), type, List.of(annotation.legacyNames()));
    }

    /** The stable name of an event class (read from its annotation; a renamed class keeps it). */
    public static String nameOf(Class<?> type) {
        return describe(type).name();
    }

    /** The descriptor of a registered class, if it is one. */
    public Optional<Descriptor> forClass(Class<?> type) {
        return Optional.ofNullable(byClass.get(type));
    }

    /** The descriptor a stored name (stable or legacy) stands for. */
    public Optional<Descriptor> forName(String name) {
        Descriptor d = byName.get(name);
        return Optional.ofNullable(d != null ? d : byLegacyName.get(name));
    }

    /** Whether {@code name} is a legacy name rather than a stable one. */
    public boolean isLegacyName(String name) {
        return !byName.containsKey(name) && byLegacyName.containsKey(name);
    }

    /** Every registered type, in registration order. */
    public List<Descriptor> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }
}
