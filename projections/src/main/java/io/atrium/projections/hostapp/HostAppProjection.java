package io.atrium.projections.hostapp;

import io.atrium.events.hostapp.BuiltinApiGroup;
import io.atrium.events.hostapp.BundleIdsBound;
import io.atrium.events.hostapp.CustomApiDefined;
import io.atrium.events.hostapp.DomainAllowlistSet;
import io.atrium.events.hostapp.GrantsSet;
import io.atrium.events.hostapp.HostAppEvent;
import io.atrium.events.hostapp.HostAppRegistered;
import io.atrium.events.hostapp.HostAppSecretRotated;
import io.atrium.events.hostapp.MenuItemDefined;
import io.atrium.events.hostapp.MiniProgramAssociated;
import io.atrium.events.hostapp.MiniProgramDissociated;
import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import io.atrium.projections.readmodel.ReadModelJson;
import io.atrium.projections.readmodel.Rows;
import io.atrium.projections.runner.Projection;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Host apps: one statement or two per event, applied in order. */
public final class HostAppProjection implements Projection {

    public static final String NAME = "host-apps";
    static final String APPS = "host_app";
    static final String DEFINITIONS = "host_app_definition";
    static final String PROGRAMS = "host_app_mini_program";

    /** Only host-app events. */
    @Override
    public boolean reads(String type) {
        return type.startsWith("atrium.hostapp.");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReadModelDialect.Table> tables() {
        return List.of(
                new ReadModelDialect.Table(
                        APPS,
                        List.of("id"),
                        List.of(
                                ReadModelDialect.Index.of("ix_host_app_tenant", "tenant_id", "created_at"),
                                ReadModelDialect.Index.of("ix_host_app_position", "position"))),
                new ReadModelDialect.Table(DEFINITIONS, List.of("host_app_id", "kind", "name"), List.of()),
                new ReadModelDialect.Table(PROGRAMS, List.of("host_app_id", "mini_program_id"), List.of()));
    }

    @Override
    public Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db) {
        return Flux.fromIterable(batch)
                .filter(e -> e.payload() instanceof HostAppEvent)
                .concatMap(e -> apply(e, (HostAppEvent) e.payload(), tables, db).then(touch(e, tables, db)))
                .then();
    }

    private static Mono<Void> apply(StoredEvent stored, HostAppEvent event, Tables t, DatabaseClient db) {
        Instant at = stored.timestamp();
        String apps = t.name(APPS);
        if (event instanceof HostAppRegistered e) {
            return Rows.insert(
                    db,
                    apps,
                    List.of(
                            "id",
                            "tenant_id",
                            "name",
                            "bundle_ids",
                            "domains",
                            "secret_generation",
                            "created_at",
                            "updated_at",
                            "position"),
                    List.of(
                            String.class,
                            String.class,
                            String.class,
                            String.class,
                            String.class,
                            Integer.class,
                            Instant.class,
                            Instant.class,
                            Long.class),
                    List.<Object[]>of(new Object[] {
                        e.hostAppId().value(),
                        e.tenantId().value(),
                        e.name(),
                        ReadModelJson.write(e.bundleIds()),
                        "[]",
                        e.secretGeneration(),
                        at,
                        at,
                        stored.position()
                    }));
        }
        String id = event.hostAppId().value();
        if (event instanceof BundleIdsBound e) {
            return db.sql("UPDATE " + apps + " SET bundle_ids = :v WHERE id = :id")
                    .bind("v", ReadModelJson.write(e.bundleIds()))
                    .bind("id", id)
                    .then();
        }
        if (event instanceof HostAppSecretRotated e) {
            // touch() then moves the row's position on, which is what makes every query node's manifest
            // snapshot re-read it and refuse the old secret.
            // The grace end is kept as stored: the SDK compares it with its clock on each request, so the old
            // secret stops at that instant without another event.
            return Rows.bind(
                            db.sql("UPDATE " + apps
                                            + " SET secret_generation = :v, previous_secret_valid_until = :until "
                                            + "WHERE id = :id")
                                    .bind("v", e.secretGeneration())
                                    .bind("id", id),
                            "until",
                            e.previousSecretValidUntil(),
                            Instant.class)
                    .then();
        }
        if (event instanceof DomainAllowlistSet e) {
            return db.sql("UPDATE " + apps + " SET domains = :v WHERE id = :id")
                    .bind("v", ReadModelJson.write(e.domains()))
                    .bind("id", id)
                    .then();
        }
        if (event instanceof MiniProgramAssociated e) {
            return Rows.insert(
                    db,
                    t.name(PROGRAMS),
                    List.of("host_app_id", "mini_program_id", "associated_at", "api_groups", "apis", "menus", "scopes"),
                    List.of(
                            String.class,
                            String.class,
                            Instant.class,
                            String.class,
                            String.class,
                            String.class,
                            String.class),
                    List.<Object[]>of(new Object[] {
                        id,
                        e.miniProgramId().value(),
                        at,
                        ReadModelJson.write(
                                BuiltinApiGroup.BASELINE.stream().sorted().toList()),
                        "[]",
                        "[]",
                        "[]"
                    }));
        }
        if (event instanceof MiniProgramDissociated e) {
            return db.sql("DELETE FROM " + t.name(PROGRAMS) + " WHERE host_app_id = :id AND mini_program_id = :mp")
                    .bind("id", id)
                    .bind("mp", e.miniProgramId().value())
                    .then();
        }
        if (event instanceof CustomApiDefined e) {
            return definition(db, t, id, "api", e.name(), e.description());
        }
        if (event instanceof MenuItemDefined e) {
            return definition(db, t, id, "menu", e.name(), e.title());
        }
        if (event instanceof GrantsSet e) {
            return db.sql("UPDATE " + t.name(PROGRAMS)
                            + " SET api_groups = :groups, apis = :apis, menus = :menus, scopes = :scopes "
                            + "WHERE host_app_id = :id AND mini_program_id = :mp")
                    .bind("groups", ReadModelJson.write(e.apiGroups()))
                    .bind("apis", ReadModelJson.write(e.apis()))
                    .bind("menus", ReadModelJson.write(e.menus()))
                    .bind("scopes", ReadModelJson.write(e.scopes()))
                    .bind("id", id)
                    .bind("mp", e.miniProgramId().value())
                    .then();
        }
        return Mono.empty();
    }

    private static Mono<Void> definition(
            DatabaseClient db, Tables t, String id, String kind, String name, String label) {
        return Rows.insert(
                db,
                t.name(DEFINITIONS),
                List.of("host_app_id", "kind", "name", "label"),
                List.of(String.class, String.class, String.class, String.class),
                List.<Object[]>of(new Object[] {id, kind, name, label}));
    }

    private static Mono<Void> touch(StoredEvent stored, Tables t, DatabaseClient db) {
        return db.sql("UPDATE " + t.name(APPS) + " SET updated_at = :at, position = :position WHERE id = :id")
                .bind("at", Rows.utc(stored.timestamp()))
                .bind("position", stored.position())
                .bind("id", stored.aggregateId())
                .then();
    }
}
