package io.atrium.query.member;

import io.atrium.events.TenantId;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.Page;
import io.atrium.query.readmodel.TenantPages;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Members' SQL, always within the caller's tenant. */
public final class MemberQueries {

    private final DatabaseClient db;

    public MemberQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Page<MemberDto>> list(TenantId tenant, int page, int size) {
        return TenantPages.read(db, "member_view", "*", "invited_at, id", tenant, page, size, row -> {
            LocalDateTime last = row.get("last_login_at", LocalDateTime.class);
            return new MemberDto(
                    row.get("id", String.class),
                    row.get("email", String.class),
                    row.get("display_name", String.class),
                    Arrays.stream(row.get("roles", String.class).split(","))
                            .filter(s -> !s.isEmpty())
                            .toList(),
                    row.get("status", String.class),
                    Boolean.TRUE.equals(row.get("second_factor", Boolean.class)),
                    Json.instant(row.get("invited_at", LocalDateTime.class)),
                    last == null ? null : Json.instant(last));
        });
    }
}
