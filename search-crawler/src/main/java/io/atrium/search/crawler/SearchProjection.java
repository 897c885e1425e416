package io.atrium.search.crawler;

import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.hostapp.MiniProgramDissociated;
import io.atrium.events.miniprogram.GrayReleasePromoted;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDelisted;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramEvent;
import io.atrium.events.miniprogram.MiniProgramRelisted;
import io.atrium.events.miniprogram.ReleaseRolledBack;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.ReadModelJson;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code search_program} (what search should show of each mini-program: its details, its full
 * release, whether it is listed, which host apps may show it) and {@code search_sealed} (where each
 * version's sealed package is). Every change moves the row's {@code changed_position}, which is the
 * indexer's cue. Gray releases are not searched: only the full release is.
 * <p>
 * A batch is folded per mini-program: the rows it touches are read once, its events applied in
 * memory, and each row written once (new rows in one multi-row insert). Replay, where nearly every
 * mini-program is created and taken through its lifecycle within one batch, writes once where it
 * used to write once per event.
 */
public final class SearchProjection implements Projection {

    public static final String NAME = "search";
    static final String PROGRAMS = "search_program";
    static final String SEALED = "search_sealed";
    static final List<String> PROGRAM_COLUMNS = List.of(
            "mini_program_id",
            "tenant_id",
            "name",
            "description",
            "category",
            "tags",
            "current_version",
            "listed",
            "host_apps",
            "changed_position",
            "indexed_position",
            "indexed_version",
            "pending");
    static final List<Class<?>> PROGRAM_TYPES = List.of(
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            String.class,
            Boolean.class,
            String.class,
            Long.class,
            Long.class,
            String.class,
            Boolean.class);
    static final List<String> SEALED_COLUMNS = List.of("mini_program_id", "version", "digest", "wrapped_data_key");
    static final List<Class<?>> SEALED_TYPES = List.of(String.class, String.class, String.class, String.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    /** Mini-program events that change what search shows (host-app events are picked out by type). */
    private static final Set<Class<?>> SHOWN_CHANGES = Set.of(
            MiniProgramCreated.class,
            MiniProgramDetailsUpdated.class,
            VersionReleased.class,
            GrayReleasePromoted.class,
            ReleaseRolledBack.class,
            MiniProgramDelisted.class,
            MiniProgramRelisted.class);

    @Override
    public String name() {
        return NAME;
    }

    /** Mini-program and host-app events: a poison event of another family does not stop search. */
    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.miniprogram.") || type.startsWith("atrium.hostapp.");
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(
                new ReadModelDialect.Table(
                        PROGRAMS,
                        List.of("mini_program_id"),
                        List.of(
                                ReadModelDialect.Index.of("ix_search_program_work", "pending", "changed_position"),
                                ReadModelDialect.Index.of("ix_search_program_pending", "tenant_id", "pending"))),
                new ReadModelDialect.Table(SEALED, List.of("mini_program_id", "version"), List.of()));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String programs = tables.name(PROGRAMS);
        List<Object[]> sealedRows = new ArrayList<>();
        Map<String, List<StoredEvent>> byProgram = new LinkedHashMap<>();
        for (StoredEvent stored : batch) {
            if (stored.payload() instanceof VersionApproved a) {
                sealedRows.add(new Object[] {
                    a.miniProgramId().value(),
                    a.version().value(),
                    a.sealedPackage().digest(),
                    a.sealedPackage().wrappedDataKey()
                });
            }
            String id = programOf(stored.payload());
            if (id != null) {
                byProgram.computeIfAbsent(id, k -> new ArrayList<>()).add(stored);
            }
        }
        Mono<Void> sealed = Rows.insert(db, tables.name(SEALED), SEALED_COLUMNS, SEALED_TYPES, sealedRows);
        if (byProgram.isEmpty()) {
            return sealed;
        }
        List<String> ids = new ArrayList<>(byProgram.keySet());
        return Rows.bindAll(
                        db.sql(
                                "SELECT mini_program_id, tenant_id, name, description, category, tags, current_version, listed, host_apps FROM "
                                        + programs + " WHERE mini_program_id IN " + Rows.in("id", ids.size())),
                        "id",
                        ids)
                .map(row -> new Shown(
                        row.get("mini_program_id", String.class),
                        row.get("tenant_id", String.class),
                        row.get("name", String.class),
                        row.get("description", String.class),
                        row.get("category", String.class),
                        row.get("tags", String.class),
                        row.get("current_version", String.class),
                        Boolean.TRUE.equals(row.get("listed", Boolean.class)),
                        new TreeSet<>(ReadModelJson.read(row.get("host_apps", String.class), STRINGS)),
                        -1,
                        false))
                .all()
                .collectMap(Shown::id)
                .flatMap(stored -> {
                    List<Object[]> inserts = new ArrayList<>();
                    List<Shown> updates = new ArrayList<>();
                    for (Map.Entry<String, List<StoredEvent>> entry : byProgram.entrySet()) {
                        Shown before = stored.get(entry.getKey());
                        Shown after = before;
                        for (StoredEvent event : entry.getValue()) {
                            after = Shown.apply(after, event.payload(), event.position());
                        }
                        if (after == null || after == before) {
                            continue; // events of a mini-program this read model never saw created
                        }
                        if (before == null) {
                            inserts.add(after.insertRow());
                        } else {
                            updates.add(after);
                        }
                    }
                    return sealed.then(Rows.insert(db, programs, PROGRAM_COLUMNS, PROGRAM_TYPES, inserts))
                            .thenMany(Flux.fromIterable(updates).concatMap(shown -> shown.update(db, programs)))
                            .then();
                });
    }

    /** The mini-program an event changes what search shows of, or null. */
    private static @Nullable String programOf(Object event) {
        if (event instanceof MiniProgramAssociated a) {
            return a.miniProgramId().value();
        }
        if (event instanceof MiniProgramDissociated d) {
            return d.miniProgramId().value();
        }
        return event instanceof MiniProgramEvent e && SHOWN_CHANGES.contains(e.getClass())
                ? e.miniProgramId().value()
                : null;
    }

    /**
     * The projection's own columns of one row, as a batch's events leave them. {@code mustIndex}: an
     * event changed what the index shows of a release (release, promotion, rollback, delist, relist),
     * so the row is pending whatever else holds; details and host apps make it pending only if it has
     * a release or indexed pages. {@code changedAt} is -1 until an event of this batch changes it.
     */
    private record Shown(
            String id,
            String tenant,
            String name,
            String description,
            String category,
            String tags,
            @Nullable String currentVersion,
            boolean listed,
            TreeSet<String> hostApps,
            long changedAt,
            boolean mustIndex) {

        /** The row after event {@code e}; null while the mini-program was never seen created. */
        static @Nullable Shown apply(@Nullable Shown s, Object e, long at) {
            if (e instanceof MiniProgramCreated c) {
                MiniProgramDetails d = c.details();
                return new Shown(
                        c.miniProgramId().value(),
                        c.tenantId().value(),
                        d.name(),
                        orEmpty(d.description()),
                        orEmpty(d.category()),
                        ReadModelJson.write(d.tags()),
                        null,
                        true,
                        new TreeSet<>(),
                        at,
                        true);
            }
            if (s == null) {
                return null;
            }
            if (e instanceof MiniProgramDetailsUpdated u) {
                MiniProgramDetails d = u.details();
                return new Shown(
                        s.id,
                        s.tenant,
                        d.name(),
                        orEmpty(d.description()),
                        orEmpty(d.category()),
                        ReadModelJson.write(d.tags()),
                        s.currentVersion,
                        s.listed,
                        s.hostApps,
                        at,
                        s.mustIndex);
            }
            if (e instanceof VersionReleased r) {
                return s.released(r.version().value(), at);
            }
            if (e instanceof GrayReleasePromoted p) {
                return s.released(p.version().value(), at);
            }
            if (e instanceof ReleaseRolledBack r) {
                return s.released(r.toVersion().value(), at);
            }
            if (e instanceof MiniProgramDelisted || e instanceof MiniProgramRelisted) {
                return new Shown(
                        s.id,
                        s.tenant,
                        s.name,
                        s.description,
                        s.category,
                        s.tags,
                        s.currentVersion,
                        e instanceof MiniProgramRelisted,
                        s.hostApps,
                        at,
                        true);
            }
            TreeSet<String> hosts = new TreeSet<>(s.hostApps);
            if (e instanceof MiniProgramAssociated a) {
                hosts.add(a.hostAppId().value());
            } else if (e instanceof MiniProgramDissociated d) {
                hosts.remove(d.hostAppId().value());
            } else {
                return s;
            }
            return new Shown(
                    s.id,
                    s.tenant,
                    s.name,
                    s.description,
                    s.category,
                    s.tags,
                    s.currentVersion,
                    s.listed,
                    hosts,
                    at,
                    s.mustIndex);
        }

        private Shown released(String version, long at) {
            return new Shown(id, tenant, name, description, category, tags, version, listed, hostApps, at, true);
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }

        /** A new row is always pending: the indexer decides whether there is anything to show. */
        Object[] insertRow() {
            return new Object[] {
                id,
                tenant,
                name,
                description,
                category,
                tags,
                currentVersion,
                listed,
                ReadModelJson.write(new ArrayList<>(hostApps)),
                changedAt,
                0L,
                null,
                true
            };
        }

        /**
         * Writes this row's columns back; the indexer's columns ({@code indexed_*}) are left to it.
         * {@code pending} comes first: MySQL evaluates a SET list left to right with the values already
         * assigned, H2 with the old ones, and the old one is meant.
         */
        Mono<Void> update(DatabaseClient db, String table) {
            String pending = mustIndex || currentVersion != null
                    ? "TRUE"
                    : "CASE WHEN indexed_version IS NOT NULL THEN TRUE ELSE pending END";
            DatabaseClient.GenericExecuteSpec spec =
                    db.sql("UPDATE " + table + " SET pending = " + pending + ", name = :name,"
                            + " description = :description, category = :category, tags = :tags, current_version = :current, listed = :listed,"
                            + " host_apps = :hosts, changed_position = :at WHERE mini_program_id = :id");
            spec = Rows.bind(spec, "name", name, String.class);
            spec = Rows.bind(spec, "description", description, String.class);
            spec = Rows.bind(spec, "category", category, String.class);
            spec = Rows.bind(spec, "tags", tags, String.class);
            spec = Rows.bind(spec, "current", currentVersion, String.class);
            return spec.bind("listed", listed)
                    .bind("hosts", ReadModelJson.write(new ArrayList<>(hostApps)))
                    .bind("at", changedAt)
                    .bind("id", id)
                    .then();
        }
    }
}
