package io.atrium.projections.audit;

import io.atrium.events.EventMetadata;
import io.atrium.events.EventTypes;
import io.atrium.events.audit.AuditChain;
import io.atrium.events.audit.AuditEntry;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.ReadModelJson;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Writes every event into the operation log, in the order the feed delivers them (position order),
 * each entry chained to the one before by {@link AuditChain}.
 */
public final class AuditLogProjection implements Projection {

    public static final String NAME = "audit-log";
    static final String TABLE = "audit_log";
    static final List<String> COLUMNS = List.of(
            "seq",
            "position",
            "event_id",
            "aggregate_id",
            "aggregate_type",
            "sequence_number",
            "event_type",
            "tenant_id",
            "actor",
            "client_address",
            "correlation_id",
            "causation_id",
            "command_name",
            "occurred_at",
            "payload",
            "prev_hash",
            "hash",
            "event_revision");
    static final List<Class<?>> TYPES = List.of(
            Long.class,
            Long.class,
            String.class,
            String.class,
            String.class,
            Long.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            Instant.class,
            String.class,
            String.class,
            String.class,
            Integer.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(new ReadModelDialect.Table(
                TABLE,
                List.of("seq"),
                List.of(
                        ReadModelDialect.Index.unique("ux_audit_log_position", "position"),
                        ReadModelDialect.Index.of("ix_audit_log_actor", "tenant_id", "actor", "seq"),
                        ReadModelDialect.Index.of("ix_audit_log_aggregate", "tenant_id", "aggregate_id", "seq"),
                        ReadModelDialect.Index.of("ix_audit_log_type", "tenant_id", "event_type", "seq"),
                        ReadModelDialect.Index.of("ix_audit_log_time", "tenant_id", "occurred_at"))));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String table = tables.name(TABLE);
        return db.sql("SELECT seq, hash FROM " + table + " ORDER BY seq DESC LIMIT 1")
                .map(row -> new Object[] {row.get("seq", Long.class), row.get("hash", String.class)})
                .one()
                .defaultIfEmpty(new Object[] {0L, AuditChain.GENESIS})
                .flatMap(head -> {
                    long seq = (Long) head[0];
                    String previous = (String) head[1];
                    List<Object[]> rows = new ArrayList<>(batch.size());
                    for (StoredEvent event : batch) {
                        AuditEntry entry = entry(++seq, event);
                        String hash = AuditChain.hash(previous, entry);
                        rows.add(new Object[] {
                            entry.seq(),
                            entry.position(),
                            entry.eventId(),
                            entry.aggregateId(),
                            entry.aggregateType(),
                            entry.sequenceNumber(),
                            entry.eventType(),
                            entry.tenant(),
                            entry.actor(),
                            entry.clientAddress(),
                            entry.correlationId(),
                            entry.causationId(),
                            entry.commandName(),
                            entry.occurredAt(),
                            entry.payload(),
                            previous,
                            hash,
                            EventTypes.describe(event.payload().getClass()).revision()
                        });
                        previous = hash;
                    }
                    return Rows.insert(db, table, COLUMNS, TYPES, rows);
                });
    }

    /**
     * The log entry of an event. Its type is the event's stable name, which outlives the class's name;
     * entries written before stable names existed hold the simple class name (see {@link EventTypes}).
     */
    public static AuditEntry entry(long seq, StoredEvent event) {
        EventMetadata meta = event.metadata();
        return new AuditEntry(
                seq,
                event.position(),
                event.eventId(),
                event.aggregateId(),
                event.aggregateType(),
                event.sequenceNumber(),
                event.type(),
                meta.tenant().value(),
                meta.actor().value(),
                meta.clientAddress(),
                meta.correlationId(),
                meta.causationId(),
                meta.commandName(),
                event.timestamp(),
                ReadModelJson.write(event.payload()));
    }
}
