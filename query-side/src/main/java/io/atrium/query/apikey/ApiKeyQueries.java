package io.atrium.query.apikey;

import io.atrium.events.TenantId;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.Page;
import io.atrium.query.readmodel.TenantPages;
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
        return TenantPages.read(
                db,
                "api_key_view",
                "id, name, roles, issued_at, issued_by, revoked, revoked_at, position",
                "issued_at DESC, id DESC",
                tenant,
                page,
                size,
                row -> new ApiKeyDto(
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
                        ((Number) row.get("position")).longValue()));
    }
}
