package io.atrium.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every event carries besides its facts: the operation log shows it. The write side puts it on
 * each command; the event store copies it onto each event the command causes.
 *
 * @param tenant        the tenant the change belongs to
 * @param actor         who asked for it (an API key id, a user, or {@code system})
 * @param clientAddress the network address the request came from, as the server saw it
 * @param correlationId the id that ties together everything one request started
 * @param causationId   the id of the message (command) that caused this event
 * @param commandName   the command's name, e.g. {@code ApproveVersion}
 * @param timestamp     when the event was recorded
 */
public record EventMetadata(
        TenantId tenant,
        ActorId actor,
        String clientAddress,
        String correlationId,
        String causationId,
        String commandName,
        Instant timestamp) {

    public static final String TENANT = "tenant";
    public static final String ACTOR = "actor";
    public static final String CLIENT_ADDRESS = "clientAddress";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String COMMAND_NAME = "commandName";

    public EventMetadata {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
        clientAddress = clientAddress == null ? "" : clientAddress;
        correlationId = correlationId == null ? "" : correlationId;
        causationId = causationId == null ? "" : causationId;
        commandName = commandName == null ? "" : commandName;
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * Reads the metadata from the string map an event store keeps beside each event.
     *
     * @param values    the stored map
     * @param timestamp the event's own timestamp
     */
    public static EventMetadata from(Map<String, ?> values, Instant timestamp) {
        return new EventMetadata(
                new TenantId(string(values, TENANT, TenantId.DEFAULT.value())),
                new ActorId(string(values, ACTOR, ActorId.SYSTEM.value())),
                string(values, CLIENT_ADDRESS, ""),
                string(values, CORRELATION_ID, ""),
                string(values, CAUSATION_ID, ""),
                string(values, COMMAND_NAME, ""),
                timestamp);
    }

    /** The map form, without the timestamp (the event store keeps that on the event itself). */
    public Map<String, String> toMap() {
        Map<String, String> map = new HashMap<>();
        map.put(TENANT, tenant.value());
        map.put(ACTOR, actor.value());
        map.put(CLIENT_ADDRESS, clientAddress);
        map.put(CORRELATION_ID, correlationId);
        map.put(CAUSATION_ID, causationId);
        map.put(COMMAND_NAME, commandName);
        return map;
    }

    private static String string(Map<String, ?> values, String key, String fallback) {
        Object value = values.get(key);
        return value == null || value.toString().isEmpty() ? fallback : value.toString();
    }
}
