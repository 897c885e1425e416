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
     * A claim not yet answered has this position. Claims exist only where events do not commit with
     * this table's transaction (KurrentDB): see {@code CommandDispatcher}.
     */
    public static final long PENDING = -1;

    /**
     * Claims the key before the command runs, in a transaction of its own. Fails with a duplicate-key
     * error when the key is already claimed or answered.
     */
    public void claim(TenantId tenant, String key, String fingerprint) {
        record(tenant, key, fingerprint, "", PENDING);
    }

    /** Fills in a claim's answer, in the command's transaction. */
    public void answer(TenantId tenant, String key, String aggregateId, long position) {
        int updated = jdbc.update(
                "UPDATE idempotency_record SET aggregate_id = ?, position = ? "
                        + "WHERE tenant_id = ? AND idempotency_key = ? AND position = ?",
                aggregateId,
                position,
                tenant.value(),
                key,
                PENDING);
        if (updated != 1) {
            throw new IllegalStateException("the claim of Idempotency-Key " + key + " was lost before its answer");
        }
    }

    /** Gives a claim up (its command failed), so a retry runs the command again. */
    public void release(TenantId tenant, String key) {
        jdbc.update(
                "DELETE FROM idempotency_record WHERE tenant_id = ? AND idempotency_key = ? AND position = ?",
                tenant.value(),
                key,
                PENDING);
    }

    /**
     * Takes over a claim left unanswered since before {@code staleBefore} (its process died while the
     * command ran); true when this request now holds it.
     */
    public boolean takeOver(TenantId tenant, String key, Instant staleBefore) {
        return jdbc.update(
                        "UPDATE idempotency_record SET created_at = ? "
                                + "WHERE tenant_id = ? AND idempotency_key = ? AND position = ? AND created_at < ?",
                        Timestamp.from(Instant.now()),
                        tenant.value(),
                        key,
                        PENDING,
                        Timestamp.from(staleBefore))
                == 1;
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
