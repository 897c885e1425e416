package io.atrium.command.eventstore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcaster;
import io.atrium.events.EventUpcasters;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * The event store's upcaster chain: one Axon {@link SingleEventUpcaster} per step of
 * {@link EventUpcasters}, in revision order, so a payload several revisions old passes each step in
 * turn. Every reader of the store goes through it: aggregates loading, the projections' feed, replay.
 * A step matches a stored row by its stable name or a legacy name (see {@link EventTypes}).
 */
public final class AtriumUpcasters {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private AtriumUpcasters() {}

    public static EventUpcasterChain chain(EventTypes types, EventUpcasters upcasters, ObjectMapper mapper) {
        List<Step> steps = upcasters.all().stream()
                .sorted(Comparator.comparing(EventUpcaster::eventName).thenComparingInt(EventUpcaster::fromRevision))
                .map(u -> new Step(types, u, mapper))
                .toList();
        return new EventUpcasterChain(List.copyOf(steps));
    }

    /** One revision step of one event type. */
    static final class Step extends SingleEventUpcaster {
        private final EventTypes types;
        private final EventUpcaster upcaster;
        private final ObjectMapper mapper;

        Step(EventTypes types, EventUpcaster upcaster, ObjectMapper mapper) {
            this.types = types;
            this.upcaster = upcaster;
            this.mapper = mapper;
        }

        /**
         * Never throws: a row this step cannot judge (a revision that is not a number) is left as it is,
         * so the serializer refuses it when its payload is read. The feed then reports that one event
         * as poison instead of the whole stream failing where the row is pulled.
         */
        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            Optional<EventTypes.Descriptor> type =
                    types.forName(representation.getType().getName());
            if (type.isEmpty() || !type.get().name().equals(upcaster.eventName())) {
                return false;
            }
            try {
                return AtriumEventSerializer.revision(representation.getType()) == upcaster.fromRevision();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            SimpleSerializedType next =
                    new SimpleSerializedType(upcaster.eventName(), Integer.toString(upcaster.fromRevision() + 1));
            return representation.upcastPayload(next, JsonNode.class, node -> {
                Map<String, Object> payload = mapper.convertValue(node, MAP);
                return mapper.valueToTree(upcaster.upcast(payload));
            });
        }
    }
}
