package io.atrium.search.crawler;

import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.hostapp.MiniProgramDissociated;
import io.atrium.events.miniprogram.GrayReleasePromoted;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDelisted;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramRelisted;
import io.atrium.events.miniprogram.ReleaseRolledBack;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.ReadModelJson;
import io.atrium.projections.runner.Projection;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code search_program} (what search should show of each mini-program: its details, its full
 * release, whether it is listed, which host apps may show it) and {@code search_sealed} (where each
 * version's sealed package is). Every change moves the row's {@code changed_position}, which is the
 * indexer's cue. Gray releases are not searched: only the full release is.
 */
public final class SearchProjection implements Projection {

    public static final String NAME = "search";
    static final String PROGRAMS = "search_program";
    static final String SEALED = "search_sealed";
    /**
     * Details and host apps matter to the index only for a mini-program that has a full release or
     * has pages indexed: a draft being edited is no work for the indexer (its row still moves).
     */
    private static final String PENDING_IF_INDEXABLE =
            "CASE WHEN current_version IS NOT NULL OR indexed_version IS NOT NULL THEN TRUE ELSE pending END";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(new ReadModelDialect.Table(PROGRAMS, List.of("mini_program_id"),
                        List.of(ReadModelDialect.Index.of("ix_search_program_work", "pending", "changed_position"),
                                ReadModelDialect.Index.of("ix_search_program_pending", "tenant_id", "pending"))),
                new ReadModelDialect.Table(SEALED, List.of("mini_program_id", "version"), List.of()));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        String programs = tables.name(PROGRAMS);
        String sealed = tables.name(SEALED);
        return Flux.fromIterable(batch).concatMap(stored -> {
            long at = stored.position();
            Object e = stored.payload();
            if (e instanceof MiniProgramCreated c) {
                MiniProgramDetails d = c.details();
                return db.sql("INSERT INTO " + programs + " (mini_program_id, tenant_id, name, description, category, tags, current_version, listed,"
                                + " host_apps, changed_position, indexed_position, indexed_version, pending)"
                                + " VALUES (:id, :tenant, :name, :description, :category, :tags, NULL, :listed, :hosts, :at, 0, NULL, TRUE)")
                        .bind("id", c.miniProgramId().value()).bind("tenant", c.tenantId().value()).bind("name", d.name())
                        .bind("description", d.description() == null ? "" : d.description())
                        .bind("category", d.category() == null ? "" : d.category())
                        .bind("tags", ReadModelJson.write(d.tags())).bind("listed", true).bind("hosts", "[]").bind("at", at).then();
            }
            if (e instanceof MiniProgramDetailsUpdated u) {
                MiniProgramDetails d = u.details();
                return db.sql("UPDATE " + programs + " SET name = :name, description = :description, category = :category, tags = :tags,"
                                + " changed_position = :at, pending = " + PENDING_IF_INDEXABLE + " WHERE mini_program_id = :id")
                        .bind("name", d.name()).bind("description", d.description() == null ? "" : d.description())
                        .bind("category", d.category() == null ? "" : d.category()).bind("tags", ReadModelJson.write(d.tags()))
                        .bind("at", at).bind("id", u.miniProgramId().value()).then();
            }
            if (e instanceof VersionApproved a) {
                return db.sql("INSERT INTO " + sealed + " (mini_program_id, version, digest, wrapped_data_key) VALUES (:id, :v, :digest, :key)")
                        .bind("id", a.miniProgramId().value()).bind("v", a.version().value()).bind("digest", a.sealedPackage().digest())
                        .bind("key", a.sealedPackage().wrappedDataKey()).then();
            }
            if (e instanceof VersionReleased r) {
                return current(db, programs, r.miniProgramId().value(), r.version().value(), at);
            }
            if (e instanceof GrayReleasePromoted p) {
                return current(db, programs, p.miniProgramId().value(), p.version().value(), at);
            }
            if (e instanceof ReleaseRolledBack r) {
                return current(db, programs, r.miniProgramId().value(), r.toVersion().value(), at);
            }
            if (e instanceof MiniProgramDelisted d) {
                return listed(db, programs, d.miniProgramId().value(), false, at);
            }
            if (e instanceof MiniProgramRelisted r) {
                return listed(db, programs, r.miniProgramId().value(), true, at);
            }
            if (e instanceof MiniProgramAssociated a) {
                return hosts(db, programs, a.miniProgramId().value(), a.hostAppId().value(), true, at);
            }
            if (e instanceof MiniProgramDissociated d) {
                return hosts(db, programs, d.miniProgramId().value(), d.hostAppId().value(), false, at);
            }
            return Mono.empty();
        }).then();
    }

    private static Mono<Void> current(DatabaseClient db, String table, String id, String version, long at) {
        return db.sql("UPDATE " + table + " SET current_version = :v, changed_position = :at, pending = TRUE WHERE mini_program_id = :id")
                .bind("v", version).bind("at", at).bind("id", id).then();
    }

    private static Mono<Void> listed(DatabaseClient db, String table, String id, boolean listed, long at) {
        return db.sql("UPDATE " + table + " SET listed = :l, changed_position = :at, pending = TRUE WHERE mini_program_id = :id")
                .bind("l", listed).bind("at", at).bind("id", id).then();
    }

    private static Mono<Void> hosts(DatabaseClient db, String table, String id, String host, boolean add, long at) {
        return db.sql("SELECT host_apps FROM " + table + " WHERE mini_program_id = :id").bind("id", id)
                .map(row -> row.get("host_apps", String.class)).one()
                .flatMap(json -> {
                    TreeSet<String> hosts = new TreeSet<>(ReadModelJson.read(json, new TypeReference<List<String>>() { }));
                    if (add) {
                        hosts.add(host);
                    } else {
                        hosts.remove(host);
                    }
                    return db.sql("UPDATE " + table + " SET host_apps = :h, changed_position = :at, pending = " + PENDING_IF_INDEXABLE
                                    + " WHERE mini_program_id = :id")
                            .bind("h", ReadModelJson.write(new ArrayList<>(hosts))).bind("at", at).bind("id", id).then();
                });
    }
}
