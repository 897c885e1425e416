package io.atrium.query.catalogue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramEvent;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramView;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.Page;
import io.atrium.query.readmodel.TenantPages;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The catalogue's SQL: {@code mini_program} and {@code mini_program_version}, always within the caller's tenant. */
public final class CatalogueQueries {

    private final DatabaseClient db;

    public CatalogueQueries(DatabaseClient db) {
        this.db = db;
    }

    /** A page of mini-programs, newest first. {@code q} matches name or description, case-insensitively. */
    public Mono<Page<MiniProgramDto>> list(
            TenantId tenant, String q, String state, String category, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = :tenant");
        if (q != null && !q.isBlank()) {
            where.append(" AND (LOWER(name) LIKE :q ESCAPE '!' OR LOWER(description) LIKE :q ESCAPE '!')");
        }
        if (state != null) {
            where.append(" AND state = :state");
        }
        if (category != null) {
            where.append(" AND category = :category");
        }
        String like = q == null || q.isBlank()
                ? null
                : "%"
                        + q.toLowerCase(Locale.ROOT)
                                .replace("!", "!!")
                                .replace("%", "!%")
                                .replace("_", "!_") + "%";
        // The total comes with the page's rows, from the same statement (see TenantPages).
        return TenantPages.read(
                db,
                "mini_program",
                "mini_program.*",
                where.toString(),
                spec -> bind(spec, tenant, like, state, category),
                "created_at DESC, id DESC",
                page,
                size,
                row -> program(row, List.of()));
    }

    private static DatabaseClient.GenericExecuteSpec bind(
            DatabaseClient.GenericExecuteSpec spec,
            TenantId tenant,
            @Nullable String like,
            @Nullable String state,
            @Nullable String category) {
        spec = spec.bind("tenant", tenant.value());
        if (like != null) {
            spec = spec.bind("q", like);
        }
        if (state != null) {
            spec = spec.bind("state", state.toUpperCase(Locale.ROOT));
        }
        if (category != null) {
            spec = spec.bind("category", category);
        }
        return spec;
    }

    /** A mini-program with its versions, as it is now. */
    public Mono<MiniProgramDto> find(TenantId tenant, String id) {
        return versions(tenant, id)
                .collectList()
                .flatMap(versions -> db.sql("SELECT * FROM mini_program WHERE id = :id AND tenant_id = :tenant")
                        .bind("id", id)
                        .bind("tenant", tenant.value())
                        .map(row -> program(row, versions))
                        .one());
    }

    public reactor.core.publisher.Flux<MiniProgramDto.VersionDto> versions(TenantId tenant, String id) {
        return db.sql("SELECT v.* FROM mini_program_version v JOIN mini_program p ON p.id = v.mini_program_id "
                        + "WHERE v.mini_program_id = :id AND p.tenant_id = :tenant ORDER BY v.upload_order")
                .bind("id", id)
                .bind("tenant", tenant.value())
                .map(CatalogueQueries::version)
                .all();
    }

    public Mono<Boolean> exists(TenantId tenant, String id) {
        return db.sql("SELECT 1 FROM mini_program WHERE id = :id AND tenant_id = :tenant")
                .bind("id", id)
                .bind("tenant", tenant.value())
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * The mini-program as it stood at {@code asOf}, folded from its events in the operation log with
     * the same {@link MiniProgramView} the catalogue is built with. Empty when it did not exist yet.
     */
    public Mono<MiniProgramDto> asOf(TenantId tenant, String id, Instant asOf) {
        return db.sql(
                        "SELECT event_type, event_revision, payload, occurred_at, position FROM audit_log WHERE tenant_id = :tenant "
                                + "AND aggregate_id = :id "
                                + "AND occurred_at <= :asOf ORDER BY seq")
                .bind("tenant", tenant.value())
                .bind("id", id)
                .bind("asOf", Json.utc(asOf))
                .map(row -> new MiniProgramView.Applied(
                        event(
                                row.get("event_type", String.class),
                                row.get("event_revision", Integer.class),
                                row.get("payload", String.class)),
                        Json.instant(row.get("occurred_at", LocalDateTime.class)),
                        row.get("position", Long.class)))
                .all()
                .collectList()
                .flatMap(history ->
                        history.isEmpty() ? Mono.empty() : Mono.just(MiniProgramDto.of(MiniProgramView.fold(history))));
    }

    /**
     * An operation-log entry's event, found by its stored type name (stable, or the simple class name
     * of entries written before stable names) and brought up to today's revision by the same upcasters
     * the event store uses. Entries without a revision predate revisions: they are revision 1.
     */
    static MiniProgramEvent event(String type, Integer revision, String payload) {
        EventTypes.Descriptor descriptor = EventTypes.ALL
                .forName(type)
                .filter(d -> MiniProgramEvent.class.isAssignableFrom(d.type()))
                .orElseThrow(() -> new IllegalStateException(
                        "the operation log holds an unknown mini-program event type " + type));
        int stored = revision == null ? 1 : revision;
        if (stored == descriptor.revision()) {
            return (MiniProgramEvent) Json.read(payload, descriptor.type());
        }
        Map<String, Object> upcast =
                EventUpcasters.ALL.upcast(descriptor.name(), stored, descriptor.revision(), Json.read(payload, MAP));
        return (MiniProgramEvent) Json.MAPPER.convertValue(upcast, descriptor.type());
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private static MiniProgramDto program(Readable row, List<MiniProgramDto.VersionDto> versions) {
        String grayId = row.get("gray_release_id", String.class);
        return new MiniProgramDto(
                row.get("id", String.class),
                row.get("name", String.class),
                row.get("description", String.class),
                row.get("category", String.class),
                Json.strings(row.get("tags", String.class)),
                MiniProgramDto.Icon.of(row.get("id", String.class), icon(row)),
                row.get("developer", String.class),
                row.get("state", String.class).toLowerCase(Locale.ROOT),
                row.get("delist_reason", String.class),
                Boolean.TRUE.equals(row.get("developer_frozen", Boolean.class)),
                row.get("current_version", String.class),
                grayId == null
                        ? null
                        : new MiniProgramDto.GrayRelease(
                                grayId,
                                row.get("gray_version", String.class),
                                Json.tree(row.get("gray_rules", String.class)),
                                Json.instant(row.get("gray_started_at", LocalDateTime.class))),
                Json.instant(row.get("created_at", LocalDateTime.class)),
                Json.instant(row.get("updated_at", LocalDateTime.class)),
                row.get("position", Long.class),
                versions);
    }

    private static @Nullable MiniProgramIcon icon(Readable row) {
        String icon = row.get("icon", String.class);
        return icon == null ? null : Json.read(icon, MiniProgramIcon.class);
    }

    /**
     * The tenant's versions waiting for review, the longest waiting first (by upload: the read model
     * does not keep when a version was submitted).
     */
    public Mono<Page<ReviewQueueController.Waiting>> inReview(TenantId tenant, int page, int size) {
        return TenantPages.read(
                db,
                "mini_program_version v JOIN mini_program p ON p.id = v.mini_program_id",
                "v.mini_program_id, p.name, p.icon, v.version, v.notes, v.files, v.uploaded_by, v.uploaded_at, "
                        + "p.current_version",
                " WHERE p.tenant_id = :tenant AND v.state = 'IN_REVIEW'",
                spec -> spec.bind("tenant", tenant.value()),
                "v.uploaded_at, v.mini_program_id, v.version",
                page,
                size,
                row -> new ReviewQueueController.Waiting(
                        row.get("mini_program_id", String.class),
                        row.get("name", String.class),
                        MiniProgramDto.Icon.of(row.get("mini_program_id", String.class), icon(row)),
                        row.get("version", String.class),
                        row.get("notes", String.class),
                        Json.read(row.get("files", String.class), List.class).size(),
                        row.get("uploaded_by", String.class),
                        Json.instant(row.get("uploaded_at", LocalDateTime.class)),
                        row.get("current_version", String.class)));
    }

    /** A mini-program's icon as it is now; empty when it has none or is not the tenant's. */
    public Mono<MiniProgramIcon> icon(TenantId tenant, String id) {
        return db.sql("SELECT icon FROM mini_program WHERE id = :id AND tenant_id = :tenant AND icon IS NOT NULL")
                .bind("id", id)
                .bind("tenant", tenant.value())
                .map(CatalogueQueries::icon)
                .one();
    }

    private static MiniProgramDto.VersionDto version(Readable row) {
        return new MiniProgramDto.VersionDto(
                row.get("version", String.class),
                row.get("state", String.class).toLowerCase(Locale.ROOT),
                row.get("notes", String.class),
                row.get("package_digest", String.class),
                row.get("package_size", Long.class),
                Json.read(row.get("files", String.class), List.class).size(),
                row.get("uploaded_by", String.class),
                Json.instant(row.get("uploaded_at", LocalDateTime.class)),
                row.get("reviewed_by", String.class),
                row.get("rejection_reason", String.class),
                Json.instantOrNull(row.get("reviewed_at", LocalDateTime.class)),
                row.get("sealed_digest", String.class) != null,
                Json.instantOrNull(row.get("released_at", LocalDateTime.class)));
    }
}
