package io.atrium.command.dispatch;

import io.atrium.events.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers, per tenant and {@code Idempotency-Key}, which request a key was used for and what it
 * was answered. The record is written in the same transaction as the command's events, so either
 * both exist or neither does.
 */
@Component
public class IdempotencyStore {

    /** A remembered answer. */
    public record Recorded(String fingerprint, String aggregateId, long position) {}

    private final JdbcTemplate jdbc;

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Recorded> find(TenantId tenant, String key) {
        List<Recorded> rows = jdbc.query(
                "SELECT fingerprint, aggregate_id, position FROM idempotency_record WHERE tenant_id = ? AND idempotency_key = ?",
                (rs, n) -> new Recorded(rs.getString(1), rs.getString(2), rs.getLong(3)),
                tenant.value(),
                key);
        return rows.stream().findFirst();
    }

    /**
     * Records the answer. Fails with a duplicate-key error when another request recorded the same key
     * first; that request's transaction decides.
     */
    public void record(TenantId tenant, String key, String fingerprint, String aggregateId, long position) {
        jdbc.update(
                "INSERT INTO idempotency_record (tenant_id, idempotency_key, fingerprint, aggregate_id, position, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                tenant.value(),
                key,
                fingerprint,
                aggregateId,
                position,
                Timestamp.from(Instant.now()));
    }
}
