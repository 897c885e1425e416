package io.atrium.query.hostapp;

import io.atrium.events.TenantId;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.Page;
import io.atrium.query.readmodel.TenantPages;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Host apps' SQL, always within the caller's tenant. */
public final class HostAppQueries {

    private final DatabaseClient db;

    public HostAppQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Page<HostAppDto>> list(TenantId tenant, int page, int size) {
        // The page's ids and the total come from one statement; the details of those ids follow.
        return TenantPages.read(
                        db,
                        "host_app",
                        "id",
                        "created_at DESC, id DESC",
                        tenant,
                        page,
                        size,
                        row -> row.get("id", String.class))
                .flatMap(ids ->
                        load(tenant, ids.items()).map(items -> new Page<>(items, ids.page(), ids.size(), ids.total())));
    }

    public Mono<HostAppDto> find(TenantId tenant, String id) {
        return load(tenant, List.of(id)).flatMap(list -> list.isEmpty() ? Mono.empty() : Mono.just(list.get(0)));
    }

    /** The host apps with these ids (in this order), with their definitions and associations. */
    private Mono<List<HostAppDto>> load(TenantId tenant, List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        String in = in(ids.size());
        Mono<Map<String, List<DefinitionRow>>> definitions = bindIds(
                        db.sql("SELECT * FROM host_app_definition WHERE host_app_id IN " + in
                                + " ORDER BY host_app_id, kind, name"),
                        ids)
                .map(row -> Map.entry(
                        row.get("host_app_id", String.class),
                        new DefinitionRow(
                                row.get("kind", String.class),
                                row.get("name", String.class),
                                row.get("label", String.class))))
                .all()
                .collect(
                        HashMap::new,
                        (m, e) -> m.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(e.getValue()));
        Mono<Map<String, List<HostAppDto.Association>>> associations = bindIds(
                        db.sql("SELECT * FROM host_app_mini_program WHERE host_app_id IN " + in
                                + " ORDER BY host_app_id, associated_at, mini_program_id"),
                        ids)
                .map(row -> Map.entry(
                        row.get("host_app_id", String.class),
                        new HostAppDto.Association(
                                row.get("mini_program_id", String.class),
                                Json.instant(row.get("associated_at", LocalDateTime.class)),
                                Json.strings(row.get("api_groups", String.class)),
                                Json.strings(row.get("apis", String.class)),
                                Json.strings(row.get("menus", String.class)),
                                Json.strings(row.get("scopes", String.class)))))
                .all()
                .collect(
                        HashMap::new,
                        (m, e) -> m.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(e.getValue()));
        return Mono.zip(definitions, associations)
                .flatMap(t -> bindIds(db.sql("SELECT * FROM host_app WHERE tenant_id = :tenant AND id IN " + in), ids)
                        .bind("tenant", tenant.value())
                        .map(row -> {
                            String id = row.get("id", String.class);
                            List<DefinitionRow> defs = t.getT1().getOrDefault(id, List.of());
                            return new HostAppDto(
                                    id,
                                    row.get("name", String.class),
                                    Json.strings(row.get("bundle_ids", String.class)),
                                    Json.strings(row.get("domains", String.class)),
                                    definitions(defs, "api"),
                                    definitions(defs, "menu"),
                                    t.getT2().getOrDefault(id, List.of()),
                                    Json.instant(row.get("created_at", LocalDateTime.class)),
                                    Json.instant(row.get("updated_at", LocalDateTime.class)),
                                    row.get("position", Long.class));
                        })
                        .all()
                        .collectMap(HostAppDto::id)
                        .map(byId -> ids.stream()
                                .filter(byId::containsKey)
                                .map(byId::get)
                                .toList()));
    }

    private record DefinitionRow(String kind, String name, String label) {}

    private static List<HostAppDto.Definition> definitions(List<DefinitionRow> rows, String kind) {
        return rows.stream()
                .filter(r -> kind.equals(r.kind()))
                .map(r -> new HostAppDto.Definition(r.name(), r.label()))
                .toList();
    }

    private static String in(int n) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? ":id" : ", :id").append(i);
        }
        return sql.append(')').toString();
    }

    private static DatabaseClient.GenericExecuteSpec bindIds(DatabaseClient.GenericExecuteSpec spec, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            spec = spec.bind("id" + i, ids.get(i));
        }
        return spec;
    }
}
