package io.atrium.command.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventTypes;
import java.util.Optional;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's JSON serializer, speaking the events' stable names: an event is written with its
 * {@code @EventType} name and revision as {@code payload_type} and {@code payload_revision}, and read
 * back by that name, or by a legacy name (the class name rows written before stable names hold),
 * whatever its Java class is called today. Everything else (snapshots, metadata) keeps Axon's
 * class-name typing.
 * <p>
 * Reading refuses a payload whose revision is not the class's current one: the upcaster chain brings
 * old revisions up before this point, so a mismatch means a missing upcaster, and reading the old
 * shape into the new class would silently lose facts.
 */
public final class AtriumEventSerializer extends JacksonSerializer {

    private final EventTypes types;

    private AtriumEventSerializer(Builder builder, EventTypes types) {
        super(builder);
        this.types = types;
    }

    /** A serializer for the events {@code types} registers, with {@code mapper} for their JSON. */
    public static AtriumEventSerializer create(ObjectMapper mapper, EventTypes types) {
        Builder builder = JacksonSerializer.builder()
                .objectMapper(mapper)
                .revisionResolver(type -> types.forClass(type)
                        .map(d -> Integer.toString(d.revision()))
                        .orElse(null));
        return new AtriumEventSerializer(builder, types);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        Optional<EventTypes.Descriptor> event = type == null ? Optional.empty() : types.forClass(type);
        if (event.isEmpty() && type != null && AtriumEvent.class.isAssignableFrom(type)) {
            // Stored under its class name, it would break the day the class moves: refuse to write it.
            throw new IllegalStateException(type.getName()
                    + " is an event without a stable name: give it @EventType and " + "list its family in EventTypes");
        }
        return event.<SerializedType>map(d -> new SimpleSerializedType(d.name(), Integer.toString(d.revision())))
                .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    public Class classForType(SerializedType type) {
        return types.forName(type.getName())
                .<Class>map(EventTypes.Descriptor::type)
                .orElseGet(() -> super.classForType(type));
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        SerializedType type = serializedObject.getType();
        types.forName(type.getName()).ifPresent(d -> {
            int stored = revision(type);
            if (stored != d.revision()) {
                throw new SerializationException(type.getName() + " is stored at revision " + stored
                        + " and read at revision " + d.revision() + ", and no upcaster brought it there");
            }
        });
        return super.deserialize(serializedObject);
    }

    /** The revision of a stored type; rows written before revisions existed are revision 1. */
    static int revision(SerializedType type) {
        String revision = type.getRevision();
        if (revision == null || revision.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(revision);
        } catch (NumberFormatException e) {
            throw new SerializationException("revision '" + revision + "' of " + type.getName() + " is not a number");
        }
    }
}
