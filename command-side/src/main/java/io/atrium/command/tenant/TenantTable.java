package io.atrium.command.tenant;

import io.atrium.command.apikey.ApiKeyTable;
import io.atrium.events.TenantId;
import io.atrium.events.tenant.TenantCreated;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantResumed;
import io.atrium.events.tenant.TenantSuspended;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Every tenant a platform operator created, with its state. Written by the subscribing handlers of
 * the key table's processing group, inside the transaction that records the tenant's events, so a
 * suspension or deletion is refused by the security path from the request after it commits. The
 * platform's own tenant has no row: it is always active.
 */
@Component
@ProcessingGroup(ApiKeyTable.PROCESSING_GROUP)
public class TenantTable implements TenantDirectory {

    /** A tenant as the table holds it. */
    public record TenantRow(
            TenantId id,
            String name,
            TenantState state,
            @Nullable String reason,
            Instant createdAt,
            Instant changedAt) {}

    private static final RowMapper<TenantRow> ROW = (rs, n) -> new TenantRow(
            new TenantId(rs.getString("id")),
            rs.getString("name"),
            TenantState.of(rs.getString("state")),
            rs.getString("reason"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("changed_at").toInstant());

    private final JdbcTemplate jdbc;

    public TenantTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantCreated event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update(
                "INSERT INTO tenant (id, name, state, reason, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                event.tenantId().value(),
                event.name(),
                TenantState.ACTIVE.wireName(),
                null,
                Timestamp.from(at),
                Timestamp.from(at));
    }

    @EventHandler
    void on(TenantSuspended event, @org.axonframework.eventhandling.Timestamp Instant at) {
        change(event.tenantId(), TenantState.SUSPENDED, event.reason(), at);
    }

    @EventHandler
    void on(TenantResumed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        change(event.tenantId(), TenantState.ACTIVE, null, at);
    }

    @EventHandler
    void on(TenantDeleted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        change(event.tenantId(), TenantState.DELETED, event.reason(), at);
    }

    private void change(TenantId tenant, TenantState state, @Nullable String reason, Instant at) {
        jdbc.update(
                "UPDATE tenant SET state = ?, reason = ?, changed_at = ? WHERE id = ?",
                state.wireName(),
                reason,
                Timestamp.from(at),
                tenant.value());
    }

    @Override
    public boolean exists(TenantId tenant) {
        return find(tenant).isPresent();
    }

    /** The tenant's row; empty for the platform's tenant, which has none, and for an unknown id. */
    public Optional<TenantRow> find(TenantId tenant) {
        return jdbc.query("SELECT * FROM tenant WHERE id = ?", ROW, tenant.value()).stream()
                .findFirst();
    }

    /** The state the security path goes by: the platform's tenant is always active, an unknown one is not. */
    public TenantState stateOf(TenantId tenant) {
        if (tenant.equals(TenantId.DEFAULT)) {
            return TenantState.ACTIVE;
        }
        return find(tenant).map(TenantRow::state).orElse(TenantState.DELETED);
    }

    /** Every created tenant, oldest first. */
    public List<TenantRow> all() {
        return jdbc.query("SELECT * FROM tenant ORDER BY created_at, id", ROW);
    }
}
