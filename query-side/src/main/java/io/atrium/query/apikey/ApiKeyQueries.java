package io.atrium.query.apikey;

import io.atrium.events.TenantId;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.Page;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The key list's SQL, always within the caller's tenant; it never selects the secret's hash. */
public final class ApiKeyQueries {

    private final DatabaseClient db;

    public ApiKeyQueries(DatabaseClient db) {
        this.db = db;
    }

    /** The tenant's keys, newest first. */
    public Mono<Page<ApiKeyDto>> list(TenantId tenant, int page, int size) {
        Mono<Long> total = db.sql("SELECT COUNT(*) AS n FROM api_key_view WHERE tenant_id = :tenant")
                .bind("tenant", tenant.value())
                .map(row -> ((Number) row.get("n")).longValue())
                .one();
        return db.sql("SELECT id, name, roles, issued_at, issued_by, revoked, revoked_at, position FROM api_key_view"
                        + " WHERE tenant_id = :tenant ORDER BY issued_at DESC, id DESC LIMIT " + size + " OFFSET "
                        + ((long) page * size))
                .bind("tenant", tenant.value())
                .map(row -> new ApiKeyDto(
                        row.get("id", String.class),
                        row.get("name", String.class),
                        Arrays.stream(row.get("roles", String.class).split(","))
                                .filter(s -> !s.isEmpty())
                                .sorted()
                                .toList(),
                        Json.instant(row.get("issued_at", LocalDateTime.class)),
                        row.get("issued_by", String.class),
                        Boolean.TRUE.equals(row.get("revoked", Boolean.class)),
                        Json.instantOrNull(row.get("revoked_at", LocalDateTime.class)),
                        ((Number) row.get("position")).longValue()))
                .all()
                .collectList()
                .zipWith(total)
                .map(t -> new Page<>(t.getT1(), page, size, t.getT2()));
    }
}
