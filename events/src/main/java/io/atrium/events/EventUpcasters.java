package io.atrium.events;

import io.atrium.events.miniprogram.VersionUploadedRevision1;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every upcaster, keyed by event name and the revision it reads. A stored payload at revision r of
 * an event now at revision n goes through the upcasters for r, r+1, ..., n-1 in turn.
 */
public final class EventUpcasters {

    /** Every upcaster Atrium has. A new revision of an event adds its upcaster here. */
    public static final EventUpcasters ALL = new EventUpcasters(List.of(new VersionUploadedRevision1()));

    private final Map<String, EventUpcaster> byStep = new LinkedHashMap<>();

    public EventUpcasters(List<EventUpcaster> upcasters) {
        for (EventUpcaster u : upcasters) {
            if (byStep.putIfAbsent(key(u.eventName(), u.fromRevision()), u) != null) {
                throw new IllegalArgumentException(
                        "two upcasters read " + u.eventName() + " revision " + u.fromRevision());
            }
        }
    }

    private static String key(String name, int revision) {
        return name + "@" + revision;
    }

    /** The upcaster that reads {@code name} at {@code revision}, if there is one. */
    public Optional<EventUpcaster> from(String name, int revision) {
        return Optional.ofNullable(byStep.get(key(name, revision)));
    }

    /** Every upcaster. */
    public List<EventUpcaster> all() {
        return List.copyOf(byStep.values());
    }

    /**
     * Brings a payload from {@code revision} up to {@code target}.
     *
     * @throws IllegalStateException when a step is missing
     */
    public Map<String, Object> upcast(String name, int revision, int target, Map<String, Object> payload) {
        Map<String, Object> current = new LinkedHashMap<>(payload);
        for (int r = revision; r < target; r++) {
            int from = r;
            EventUpcaster step = from(name, from)
                    .orElseThrow(() -> new IllegalStateException("no upcaster reads " + name + " revision " + from
                            + " (the event is at revision " + target + ")"));
            current = new LinkedHashMap<>(step.upcast(current));
        }
        return current;
    }
}
