package io.atrium.projections.apikey;

import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code api_key_view}: the hash, tenant and roles (built-in and custom names) of every key, who
 * issued it and when, and whether and when it was revoked.
 */
public final class ApiKeyProjection implements Projection {

    public static final String NAME = "api-keys";
    static final String TABLE = "api_key_view";

    /** Only API-key events. */
    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.apikey.");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(new ReadModelDialect.Table(
                TABLE,
                List.of("id"),
                List.of(
                        ReadModelDialect.Index.unique("ux_api_key_view_secret", "secret_sha256"),
                        ReadModelDialect.Index.of("ix_api_key_view_tenant", "tenant_id", "issued_at"))));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String table = tables.name(TABLE);
        return Flux.fromIterable(batch)
                .concatMap(stored -> {
                    if (stored.payload() instanceof ApiKeyIssued e) {
                        return Rows.insert(
                                db,
                                table,
                                List.of(
                                        "id",
                                        "tenant_id",
                                        "name",
                                        "roles",
                                        "secret_sha256",
                                        "revoked",
                                        "issued_at",
                                        "issued_by",
                                        "position"),
                                List.of(
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        Boolean.class,
                                        Instant.class,
                                        String.class,
                                        Long.class),
                                List.<Object[]>of(new Object[] {
                                    e.apiKeyId().value(),
                                    e.tenantId().value(),
                                    e.name(),
                                    String.join(",", e.roleNames()),
                                    e.secretSha256(),
                                    false,
                                    stored.timestamp(),
                                    e.issuedBy().value(),
                                    stored.position()
                                }));
                    }
                    if (stored.payload() instanceof ApiKeyRevoked e) {
                        return db.sql("UPDATE " + table
                                        + " SET revoked = :r, revoked_at = :at, position = :p WHERE id = :id")
                                .bind("r", true)
                                .bind("at", Rows.utc(stored.timestamp()))
                                .bind("p", stored.position())
                                .bind("id", e.apiKeyId().value())
                                .then();
                    }
                    return Mono.empty();
                })
                .then();
    }
}
