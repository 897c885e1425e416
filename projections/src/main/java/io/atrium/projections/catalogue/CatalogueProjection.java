package io.atrium.projections.catalogue;

import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramEvent;
import io.atrium.events.miniprogram.MiniProgramView;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The catalogue: for each mini-program a batch touches, read its current view back (two queries for
 * the whole batch), fold the batch's events into it with {@link MiniProgramView}, and write it
 * again. A mini-program written once per batch, however many of its events the batch holds, is what
 * makes replay fast.
 */
public final class CatalogueProjection implements Projection {

    public static final String NAME = "catalogue";
    static final String PROGRAMS = "mini_program";
    static final String VERSIONS = "mini_program_version";

    /** Only mini-program events. */
    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.miniprogram.");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(
                new ReadModelDialect.Table(
                        PROGRAMS,
                        List.of("id"),
                        List.of(
                                ReadModelDialect.Index.of("ix_mini_program_tenant", "tenant_id", "created_at"),
                                ReadModelDialect.Index.of("ix_mini_program_position", "position"))),
                new ReadModelDialect.Table(
                        VERSIONS,
                        List.of("mini_program_id", "version"),
                        List.of(ReadModelDialect.Index.of("ix_mini_program_version_state", "state", "uploaded_at"))));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        Map<String, List<StoredEvent>> byProgram = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            if (event.payload() instanceof MiniProgramEvent) {
                byProgram
                        .computeIfAbsent(event.aggregateId(), k -> new ArrayList<>())
                        .add(event);
            }
        }
        if (byProgram.isEmpty()) {
            return Mono.empty();
        }
        List<String> ids = new ArrayList<>(byProgram.keySet());
        String programs = tables.name(PROGRAMS);
        String versions = tables.name(VERSIONS);
        return load(db, programs, versions, ids).flatMap(current -> {
            List<Object[]> programRows = new ArrayList<>();
            List<Object[]> versionRows = new ArrayList<>();
            for (Map.Entry<String, List<StoredEvent>> entry : byProgram.entrySet()) {
                MiniProgramView view = current.get(entry.getKey());
                for (StoredEvent event : entry.getValue()) {
                    MiniProgramEvent e = (MiniProgramEvent) event.payload();
                    view = e instanceof MiniProgramCreated created
                            ? MiniProgramView.created(created, event.timestamp(), event.position())
                            : view == null ? null : view.apply(e, event.timestamp(), event.position());
                }
                if (view != null) {
                    programRows.add(CatalogueRows.program(view));
                    versionRows.addAll(CatalogueRows.versions(view));
                }
            }
            return Rows.bindAll(
                            db.sql("DELETE FROM " + versions + " WHERE mini_program_id IN "
                                    + Rows.in("id", ids.size())),
                            "id",
                            ids)
                    .then()
                    .then(Rows.bindAll(
                                    db.sql("DELETE FROM " + programs + " WHERE id IN " + Rows.in("id", ids.size())),
                                    "id",
                                    ids)
                            .then())
                    .then(Rows.insert(
                            db, programs, CatalogueRows.PROGRAM_COLUMNS, CatalogueRows.PROGRAM_TYPES, programRows))
                    .then(Rows.insert(
                            db, versions, CatalogueRows.VERSION_COLUMNS, CatalogueRows.VERSION_TYPES, versionRows));
        });
    }

    private static Mono<Map<String, MiniProgramView>> load(
            DatabaseClient db, String programs, String versions, List<String> ids) {
        Mono<Map<String, List<MiniProgramView.Version>>> versionsById = Rows.bindAll(
                        db.sql("SELECT * FROM " + versions + " WHERE mini_program_id IN " + Rows.in("id", ids.size())
                                + " ORDER BY mini_program_id, upload_order"),
                        "id",
                        ids)
                .map(row -> Map.entry(row.get("mini_program_id", String.class), CatalogueRows.version(row)))
                .all()
                .collect(
                        HashMap::new,
                        (map, e) -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(e.getValue()));
        return versionsById.flatMap(vs -> Rows.bindAll(
                        db.sql("SELECT * FROM " + programs + " WHERE id IN " + Rows.in("id", ids.size())), "id", ids)
                .map(row -> CatalogueRows.view(row, vs.getOrDefault(row.get("id", String.class), List.of())))
                .all()
                .collectMap(v -> v.id().value()));
    }
}
