package io.atrium.query.audit;

import io.atrium.events.EventTypes;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.query.readmodel.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Which entries a query or export asks for: by actor, aggregate, event type and time range, within
 * the caller's tenant, after a cursor ({@code seq}).
 */
record AuditFilter(
        TenantId tenant,
        @Nullable String actor,
        @Nullable String aggregateId,
        @Nullable String type,
        @Nullable Instant from,
        @Nullable Instant to) {

    static AuditFilter parse(
            TenantId tenant,
            @Nullable String actor,
            @Nullable String aggregateId,
            @Nullable String type,
            @Nullable String from,
            @Nullable String to) {
        return new AuditFilter(
                tenant,
                blankToNull(actor),
                blankToNull(aggregateId),
                blankToNull(type),
                instant("from", from),
                instant("to", to));
    }

    /**
     * Every name the log may hold for the type asked for: its stable name and, for entries written
     * before stable names, its simple class name. A name the registry does not know is asked for as given.
     */
    static List<String> typeNames(String type) {
        return EventTypes.ALL
                .forName(type)
                .map(d -> {
                    List<String> names = new ArrayList<>(List.of(d.name()));
                    d.legacyNames().stream()
                            .map(n -> n.substring(n.lastIndexOf('.') + 1))
                            .forEach(names::add);
                    return List.copyOf(names);
                })
                .orElse(List.of(type));
    }

    String where() {
        StringBuilder sql = new StringBuilder(" WHERE tenant_id = :tenant AND seq > :after");
        if (actor != null) {
            sql.append(" AND actor = :actor");
        }
        if (aggregateId != null) {
            sql.append(" AND aggregate_id = :aggregate");
        }
        if (type != null) {
            sql.append(" AND event_type IN (:type)");
        }
        if (from != null) {
            sql.append(" AND occurred_at >= :from");
        }
        if (to != null) {
            sql.append(" AND occurred_at < :to");
        }
        return sql.toString();
    }

    DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, long after) {
        spec = spec.bind("tenant", tenant.value()).bind("after", after);
        if (actor != null) {
            spec = spec.bind("actor", actor);
        }
        if (aggregateId != null) {
            spec = spec.bind("aggregate", aggregateId);
        }
        if (type != null) {
            spec = spec.bind("type", typeNames(type));
        }
        if (from != null) {
            spec = spec.bind("from", Json.utc(from));
        }
        if (to != null) {
            spec = spec.bind("to", Json.utc(to));
        }
        return spec;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, field + " must be an ISO-8601 instant, e.g. 2026-11-28T10:15:30Z");
        }
    }
}
