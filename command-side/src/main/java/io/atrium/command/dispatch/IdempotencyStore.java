package io.atrium.command.dispatch;

import io.atrium.events.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
     * this table's transaction (KurrentDB): see {@code CommandDispatcher}. A claim is held by whoever
     * wrote its {@code created_at}: that instant is the holder's token, checked by every later step.
     */
    public static final long PENDING = -1;

    /** A claim's holder, and the aggregate its command targets. */
    public record Claim(Instant claimedAt, String aggregateId) {}

    /**
     * Claims the key before the command runs, in a transaction of its own, naming the aggregate the
     * command targets. Fails with a duplicate-key error when the key is already claimed or answered.
     */
    public Claim claim(TenantId tenant, String key, String fingerprint, String aggregateId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        insert(tenant, key, fingerprint, aggregateId, PENDING, now);
        return new Claim(now, aggregateId);
    }

    /**
     * In the command's transaction, before it appends: true while {@code claim} still holds the key.
     * The row stays locked until that transaction ends, so no takeover can slip in while it runs.
     */
    public boolean hold(TenantId tenant, String key, Claim claim) {
        return !jdbc.queryForList(
                        "SELECT position FROM idempotency_record WHERE tenant_id = ? AND idempotency_key = ? "
                                + "AND position = ? AND created_at = ? FOR UPDATE",
                        Long.class,
                        tenant.value(),
                        key,
                        PENDING,
                        Timestamp.from(claim.claimedAt()))
                .isEmpty();
    }

    /** Fills in the holder's answer. */
    public void answer(TenantId tenant, String key, Claim claim, String aggregateId, long position) {
        int updated = jdbc.update(
                "UPDATE idempotency_record SET aggregate_id = ?, position = ? "
                        + "WHERE tenant_id = ? AND idempotency_key = ? AND position = ? AND created_at = ?",
                aggregateId,
                position,
                tenant.value(),
                key,
                PENDING,
                Timestamp.from(claim.claimedAt()));
        if (updated != 1) {
            throw new IllegalStateException("the claim of Idempotency-Key " + key + " was lost before its answer");
        }
    }

    /** Gives the holder's claim up (its command recorded nothing), so a retry runs the command again. */
    public void release(TenantId tenant, String key, Claim claim) {
        jdbc.update(
                "DELETE FROM idempotency_record WHERE tenant_id = ? AND idempotency_key = ? AND position = ? "
                        + "AND created_at = ?",
                tenant.value(),
                key,
                PENDING,
                Timestamp.from(claim.claimedAt()));
    }

    /**
     * Takes over a claim left unanswered since before {@code staleBefore} (its holder died, or failed
     * without knowing whether its events were stored); the new holder's claim, or empty. A holder still
     * running keeps the row locked ({@link #hold}), so this waits for it and then finds it answered.
     */
    public Optional<Claim> takeOver(TenantId tenant, String key, Instant staleBefore) {
        List<String> aggregate = jdbc.queryForList(
                "SELECT aggregate_id FROM idempotency_record WHERE tenant_id = ? AND idempotency_key = ? "
                        + "AND position = ? AND created_at < ? FOR UPDATE",
                String.class,
                tenant.value(),
                key,
                PENDING,
                Timestamp.from(staleBefore));
        if (aggregate.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.update(
                "UPDATE idempotency_record SET created_at = ? WHERE tenant_id = ? AND idempotency_key = ? AND position = ?",
                Timestamp.from(now),
                tenant.value(),
                key,
                PENDING);
        return Optional.of(new Claim(now, aggregate.get(0)));
    }

    /**
     * Records the answer. Fails with a duplicate-key error when another request recorded the same key
     * first; that request's transaction decides.
     */
    public void record(TenantId tenant, String key, String fingerprint, String aggregateId, long position) {
        insert(tenant, key, fingerprint, aggregateId, position, Instant.now());
    }

    private void insert(
            TenantId tenant, String key, String fingerprint, String aggregateId, long position, Instant at) {
        jdbc.update(
                "INSERT INTO idempotency_record (tenant_id, idempotency_key, fingerprint, aggregate_id, position, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                tenant.value(),
                key,
                fingerprint,
                aggregateId,
                position,
                Timestamp.from(at));
    }
}
