package io.atrium.projections.apikey;

import io.atrium.events.apikey.ApiKeyIssued;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Keeps {@code api_key_view}: the hash, tenant and roles of every key, and whether it is revoked. */
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
                List.of(ReadModelDialect.Index.unique("ux_api_key_view_secret", "secret_sha256"))));
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
                                        "position"),
                                List.of(
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        String.class,
                                        Boolean.class,
                                        Instant.class,
                                        Long.class),
                                List.<Object[]>of(new Object[] {
                                    e.apiKeyId().value(),
                                    e.tenantId().value(),
                                    e.name(),
                                    e.roles().stream()
                                            .map(Role::wireName)
                                            .sorted()
                                            .collect(Collectors.joining(",")),
                                    e.secretSha256(),
                                    false,
                                    stored.timestamp(),
                                    stored.position()
                                }));
                    }
                    if (stored.payload() instanceof ApiKeyRevoked e) {
                        return db.sql("UPDATE " + table + " SET revoked = :r, position = :p WHERE id = :id")
                                .bind("r", true)
                                .bind("p", stored.position())
                                .bind("id", e.apiKeyId().value())
                                .then();
                    }
                    return Mono.empty();
                })
                .then();
    }
}
