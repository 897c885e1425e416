package io.atrium.query.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import io.atrium.events.gray.GrayRuleSet;
import io.atrium.events.gray.UserAttributes;
import io.atrium.query.readmodel.Json;
import io.atrium.query.readmodel.ReadModelPlacements;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything the manifest endpoint needs, in memory: host apps (secret generation, domains,
 * associations with grants) and mini-programs (state, current release, active gray release with its
 * compiled rules, sealed versions with their files). A background poll reads only rows whose
 * position moved since the last poll and swaps in a new immutable snapshot, so requests never wait
 * on the database and always see a consistent state.
 * <p>
 * Tenants with a read model of their own ({@link ReadModelPlacements}) have a snapshot each, polled the
 * same way from their database; a host app or mini-program is looked up in the shared snapshot and then
 * in theirs (ids are ULIDs, unique across databases, and the SDK still checks that a program's tenant is
 * its host's).
 */
public final class ManifestSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestSnapshot.class);
    private static final TypeReference<List<FileEntry>> FILES = new TypeReference<>() {};
    /**
     * How far below the highest position seen a poll looks again: an event committed late (a gap
     * filled after later ones) gives its row a lower position than rows already read.
     */
    private static final long SLACK = 1000;

    /**
     * How often a poll looks again at the last {@value #SLACK} positions; the polls between only read
     * above the highest position seen. Under a steady stream of commands the window's rows change on
     * every poll, so the fingerprint below never saves the read: re-reading a thousand positions' rows
     * with their JSON ten times a second took about a tenth of the server's CPU under command load
     * (docs/benchmarks.md). A row a late commit placed below rows already read is seen within this.
     */
    static final Duration FULL_EVERY = Duration.ofSeconds(1);

    /**
     * The longest one background refresh may take. The polls run one after another, so a query that
     * never answers (a connection that hangs rather than fails) would otherwise stop every later
     * refresh, and the snapshot would go stale without a word in the log: new host apps and releases
     * unknown to the SDK until a restart. Timed out, it is logged and the next tick tries again.
     */
    static final Duration REFRESH_LIMIT = Duration.ofSeconds(10);

    /** A file of a sealed version. */
    public record FileEntry(String path, long size, String sha256) {}

    /** A sealed version as hosts get it. */
    public record SealedVersion(
            String version,
            String digest,
            long size,
            String manifestSha256,
            String signature,
            String signingKeyId,
            String wrappedDataKey,
            List<FileEntry> files) {}

    /** A mini-program's release state. */
    public record Program(
            String id,
            String tenant,
            boolean delisted,
            @Nullable String currentVersion,
            @Nullable String grayReleaseId,
            @Nullable String grayVersion,
            @Nullable Predicate<UserAttributes> grayRules,
            Map<String, SealedVersion> sealed,
            long position) {}

    /** What a host app grants one associated mini-program. */
    public record Grant(List<String> apiGroups, List<String> apis, List<String> menus, List<String> scopes) {}

    /**
     * A host app.
     *
     * @param bundleIds                the app ids / package names a signed request may name in {@code X-Atrium-Bundle-Id}
     * @param previousSecretValidUntil until when generation {@code secretGeneration - 1} still signs; null: it does not
     */
    public record Host(
            String id,
            String tenant,
            int secretGeneration,
            @Nullable Instant previousSecretValidUntil,
            List<String> bundleIds,
            List<String> domains,
            Map<String, Grant> grants,
            long position) {

        /** Whether the previous generation's secret is still accepted at {@code now}. */
        public boolean previousSecretValidAt(Instant now) {
            Instant until = previousSecretValidUntil;
            return until != null && secretGeneration > 1 && now.isBefore(until);
        }
    }

    private record State(
            Map<String, Program> programs,
            Map<String, Host> hosts,
            long programPosition,
            long hostPosition,
            Fingerprint programsSeen,
            Fingerprint hostsSeen) {}

    /**
     * The rows a poll would read again (position above {@code since}), counted and their positions
     * summed. A row that changes gets a higher position, and one that is added is counted, so while
     * both sums and counts stay equal for the same {@code since} nothing the poll reads has changed.
     */
    private record Fingerprint(long since, long rows, long positionSum) {
        static final Fingerprint NONE = new Fingerprint(Long.MIN_VALUE, -1, -1);
    }

    private final DatabaseClient db;
    /** The placement this snapshot reads ({@link ReadModelPlacements#CONTEXT_KEY}); null: the caller's, shared. */
    private final @Nullable String placement;
    /** The snapshots of tenants with a read model of their own. */
    private final List<ManifestSnapshot> placed;

    private volatile State state = new State(Map.of(), Map.of(), -1, -1, Fingerprint.NONE, Fingerprint.NONE);
    private @Nullable Disposable polling;
    /** Whether a refresh of this snapshot's own placement has succeeded yet. */
    private volatile boolean loaded;
    /** When the last full refresh started ({@link System#nanoTime()}). */
    private volatile long lastFullRead;
    /** Whether the refreshes are failing now: the first failure of a run is logged in full, the rest not. */
    private volatile boolean failing;

    public ManifestSnapshot(DatabaseClient db) {
        this(db, List.of());
    }

    /**
     * @param db         reads, routed by {@link ReadModelPlacements#CONTEXT_KEY}
     * @param placements the placements other than the shared one, each snapshotted on its own
     */
    public ManifestSnapshot(DatabaseClient db, Collection<String> placements) {
        this(
                db,
                null,
                placements.stream()
                        .map(p -> new ManifestSnapshot(db, p, List.of()))
                        .toList());
    }

    private ManifestSnapshot(DatabaseClient db, @Nullable String placement, List<ManifestSnapshot> placed) {
        this.db = db;
        this.placement = placement;
        this.placed = placed;
    }

    public @Nullable Program program(String id) {
        Program found = state.programs().get(id);
        if (found == null) {
            for (ManifestSnapshot other : placed) {
                found = other.program(id);
                if (found != null) {
                    return found;
                }
            }
        }
        return found;
    }

    public @Nullable Host host(String id) {
        Host found = state.hosts().get(id);
        if (found == null) {
            for (ManifestSnapshot other : placed) {
                found = other.host(id);
                if (found != null) {
                    return found;
                }
            }
        }
        return found;
    }

    /**
     * Loads everything once (blocking, at start-up), then keeps polling for changes; the same for each
     * placement. A first load that fails does not stop the node: a query node may start before any
     * projections node has created the read model's tables (a fresh cluster, or an upgrade that adds
     * them). The failure is logged, {@link #loaded()} stays false (readiness is down, so no traffic is
     * sent here) and every later tick tries again.
     */
    public void start(Duration every) {
        placed.forEach(other -> other.start(every));
        startOwn(every);
    }

    /** Whether every placement's snapshot has been read at least once: until then it knows no host or program. */
    public boolean loaded() {
        return loaded && placed.stream().allMatch(ManifestSnapshot::loaded);
    }

    private void startOwn(Duration every) {
        guarded(ownRefresh(), every).block(Duration.ofMinutes(2));
        polling = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> guarded(
                        ownRefresh(System.nanoTime() - lastFullRead >= FULL_EVERY.toNanos())
                                .timeout(REFRESH_LIMIT),
                        every))
                .subscribe();
    }

    /** A refresh that never fails: success marks the snapshot loaded, a failure is logged once per run of them. */
    private Mono<Void> guarded(Mono<Void> refresh, Duration every) {
        return refresh.doOnSuccess(done -> {
                    loaded = true;
                    if (failing) {
                        failing = false;
                        LOG.info("The manifest snapshot{} reads again", where());
                    }
                })
                .onErrorResume(e -> {
                    if (!failing) {
                        failing = true;
                        LOG.warn(
                                loaded
                                        ? "Could not refresh the manifest snapshot{}; serving the previous one and "
                                                + "retrying every {}"
                                        : "Could not load the manifest snapshot{} (is the read model migrated? a "
                                                + "projections node creates it); not ready, retrying every {}",
                                where(),
                                every,
                                e);
                    } else {
                        LOG.debug("The manifest snapshot{} still cannot be read", where(), e);
                    }
                    return Mono.empty();
                });
    }

    private String where() {
        return placement == null ? "" : " of placement " + placement;
    }

    /**
     * Reads what changed since the last refresh and swaps in the new snapshot. A full refresh (this one,
     * and a background poll every {@link #FULL_EVERY}) first counts the rows it would read (one indexed aggregate per table) and reads them only when that count or
     * their positions moved: re-reading the last {@value #SLACK} positions' rows with their JSON
     * columns ten times a second took about 6 % of the server's CPU under manifest load, for nothing.
     */
    public Mono<Void> refresh() {
        return Flux.fromIterable(placed).concatMap(ManifestSnapshot::refresh).then(ownRefresh());
    }

    /** This snapshot's own full refresh, reading its placement's database. */
    private Mono<Void> ownRefresh() {
        return ownRefresh(true);
    }

    private Mono<Void> ownRefresh(boolean full) {
        return Mono.defer(() -> refreshOwn(full))
                .contextWrite(context ->
                        placement == null ? context : context.put(ReadModelPlacements.CONTEXT_KEY, placement));
    }

    /**
     * @param full whether to look again at the last {@value #SLACK} positions (for rows a late commit
     *             gave a lower position than rows already read); otherwise only above the highest
     *             position seen
     */
    private Mono<Void> refreshOwn(boolean full) {
        State current = state;
        if (!full && current.programPosition() >= 0 && current.hostPosition() >= 0) {
            // Only what is newer than everything read: one indexed range each, empty when nothing changed.
            return Mono.zip(changedPrograms(current.programPosition()), changedHosts(current.hostPosition()))
                    .doOnNext(t -> adopt(current, t.getT1(), t.getT2(), current.programsSeen(), current.hostsSeen()))
                    .then();
        }
        lastFullRead = System.nanoTime();
        long programsSince = current.programPosition() < 0 ? -1 : current.programPosition() - SLACK;
        long hostsSince = current.hostPosition() < 0 ? -1 : current.hostPosition() - SLACK;
        return Mono.zip(fingerprint("mini_program", programsSince), fingerprint("host_app", hostsSince))
                .flatMap(seen -> {
                    Mono<Map<String, Program>> programs = seen.getT1().equals(current.programsSeen())
                            ? Mono.just(Map.of())
                            : changedPrograms(programsSince);
                    Mono<Map<String, Host>> hosts =
                            seen.getT2().equals(current.hostsSeen()) ? Mono.just(Map.of()) : changedHosts(hostsSince);
                    return Mono.zip(programs, hosts)
                            .doOnNext(t -> adopt(current, t.getT1(), t.getT2(), seen.getT1(), seen.getT2()));
                })
                .then();
    }

    /** Swaps in the snapshot {@code current} becomes with these changed rows, keeping what the poll saw. */
    private void adopt(
            State current,
            Map<String, Program> changedPrograms,
            Map<String, Host> changedHosts,
            Fingerprint programsSeen,
            Fingerprint hostsSeen) {
        if (changedPrograms.isEmpty() && changedHosts.isEmpty()) {
            if (!programsSeen.equals(current.programsSeen()) || !hostsSeen.equals(current.hostsSeen())) {
                state = new State(
                        current.programs(),
                        current.hosts(),
                        current.programPosition(),
                        current.hostPosition(),
                        programsSeen,
                        hostsSeen);
            }
            return;
        }
        Map<String, Program> nextPrograms =
                changedPrograms.isEmpty() ? current.programs() : merged(current.programs(), changedPrograms);
        Map<String, Host> nextHosts = changedHosts.isEmpty() ? current.hosts() : merged(current.hosts(), changedHosts);
        long programPosition = Math.max(
                current.programPosition(),
                changedPrograms.values().stream()
                        .mapToLong(Program::position)
                        .max()
                        .orElse(-1));
        long hostPosition = Math.max(
                current.hostPosition(),
                changedHosts.values().stream().mapToLong(Host::position).max().orElse(-1));
        // A fingerprint is kept only while its window stays: when the highest position moved, the next
        // poll looks from elsewhere and must read.
        state = new State(
                nextPrograms,
                nextHosts,
                programPosition,
                hostPosition,
                programPosition == current.programPosition() ? programsSeen : Fingerprint.NONE,
                hostPosition == current.hostPosition() ? hostsSeen : Fingerprint.NONE);
    }

    private Mono<Fingerprint> fingerprint(String table, long since) {
        return db.sql("SELECT COUNT(*) AS n, COALESCE(SUM(position), 0) AS s FROM " + table
                        + " WHERE position > :since")
                .bind("since", since)
                .map(row -> new Fingerprint(
                        since, ((Number) row.get("n")).longValue(), ((Number) row.get("s")).longValue()))
                .one()
                .defaultIfEmpty(Fingerprint.NONE);
    }

    private static <V> Map<String, V> merged(Map<String, V> base, Map<String, V> changes) {
        Map<String, V> next = new HashMap<>(base);
        next.putAll(changes);
        return Map.copyOf(next);
    }

    /**
     * A test's stand-in for a projection committing between a refresh's two reads (the parent rows of
     * the table it is given, then their children); does nothing otherwise.
     */
    volatile Function<String, Mono<Void>> betweenReads = parentTable -> Mono.empty();

    /*
     * Why the parent rows are read before their children: the two reads are separate statements, and a
     * projection may commit between them. Read the other way round, a row could be taken at its new
     * position with the children it had before (a grant without its new scope), and the manifest cache,
     * keyed by that position, would keep the stale answer after the snapshot healed. This way round a
     * row's children are never older than its position; at worst newer, and the row's new position is
     * read by the next poll.
     */

    private Mono<Map<String, Program>> changedPrograms(long since) {
        Mono<List<Map.Entry<String, Function<Map<String, SealedVersion>, Program>>>> rows = db.sql(
                        "SELECT id, tenant_id, state, current_version, gray_release_id, gray_version, gray_rules, "
                                + "position FROM mini_program WHERE position > :since")
                .bind("since", since)
                .map(row -> {
                    String id = row.get("id", String.class);
                    String tenant = row.get("tenant_id", String.class);
                    boolean delisted = "DELISTED".equals(row.get("state", String.class));
                    String current = row.get("current_version", String.class);
                    String grayId = row.get("gray_release_id", String.class);
                    String grayVersion = row.get("gray_version", String.class);
                    Predicate<UserAttributes> rules = grayId == null
                            ? null
                            : Json.read(row.get("gray_rules", String.class), GrayRuleSet.class)
                                    .compile(grayId);
                    Long position = row.get("position", Long.class);
                    Function<Map<String, SealedVersion>, Program> program = versions ->
                            new Program(id, tenant, delisted, current, grayId, grayVersion, rules, versions, position);
                    return Map.entry(id, program);
                })
                .all()
                .collectList();
        return rows.flatMap(read -> betweenReads
                .apply("mini_program")
                .then(db.sql("SELECT v.* FROM mini_program_version v JOIN mini_program p "
                                + "ON p.id = v.mini_program_id WHERE p.position > :since "
                                + "AND v.sealed_digest IS NOT NULL")
                        .bind("since", since)
                        .map(row -> Map.entry(
                                row.get("mini_program_id", String.class),
                                new SealedVersion(
                                        row.get("version", String.class),
                                        row.get("sealed_digest", String.class),
                                        row.get("sealed_size", Long.class),
                                        row.get("manifest_sha256", String.class),
                                        row.get("manifest_signature", String.class),
                                        row.get("signing_key_id", String.class),
                                        row.get("wrapped_data_key", String.class),
                                        Json.read(row.get("files", String.class), FILES))))
                        .all()
                        .collect(
                                HashMap<String, Map<String, SealedVersion>>::new,
                                (m, e) -> m.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                                        .put(e.getValue().version(), e.getValue()))
                        .map(byProgram -> withChildren(read, byProgram))));
    }

    private Mono<Map<String, Host>> changedHosts(long since) {
        Mono<List<Map.Entry<String, Function<Map<String, Grant>, Host>>>> rows = db.sql(
                        "SELECT id, tenant_id, secret_generation, previous_secret_valid_until, bundle_ids, domains, "
                                + "position FROM host_app WHERE position > :since")
                .bind("since", since)
                .map(row -> {
                    String id = row.get("id", String.class);
                    String tenant = row.get("tenant_id", String.class);
                    Integer generation = row.get("secret_generation", Integer.class);
                    Instant previousValid =
                            Json.instantOrNull(row.get("previous_secret_valid_until", LocalDateTime.class));
                    List<String> bundleIds = Json.strings(row.get("bundle_ids", String.class));
                    List<String> domains = Json.strings(row.get("domains", String.class));
                    Long position = row.get("position", Long.class);
                    Function<Map<String, Grant>, Host> host = grants ->
                            new Host(id, tenant, generation, previousValid, bundleIds, domains, grants, position);
                    return Map.entry(id, host);
                })
                .all()
                .collectList();
        return rows.flatMap(read -> betweenReads
                .apply("host_app")
                .then(db.sql("SELECT g.* FROM host_app_mini_program g JOIN host_app h "
                                + "ON h.id = g.host_app_id WHERE h.position > :since")
                        .bind("since", since)
                        .map(row -> Map.entry(
                                row.get("host_app_id", String.class),
                                Map.entry(
                                        row.get("mini_program_id", String.class),
                                        new Grant(
                                                Json.strings(row.get("api_groups", String.class)),
                                                Json.strings(row.get("apis", String.class)),
                                                Json.strings(row.get("menus", String.class)),
                                                Json.strings(row.get("scopes", String.class))))))
                        .all()
                        .collect(
                                HashMap<String, Map<String, Grant>>::new,
                                (m, e) -> m.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                                        .put(e.getValue().getKey(), e.getValue().getValue()))
                        .map(byHost -> withChildren(read, byHost))));
    }

    /** Each row read, by id, completed with its children (none when it has none). */
    private static <C, T> Map<String, T> withChildren(
            List<Map.Entry<String, Function<Map<String, C>, T>>> rows, Map<String, Map<String, C>> children) {
        Map<String, T> built = new HashMap<>();
        for (Map.Entry<String, Function<Map<String, C>, T>> row : rows) {
            built.put(row.getKey(), row.getValue().apply(Map.copyOf(children.getOrDefault(row.getKey(), Map.of()))));
        }
        return built;
    }

    @Override
    public void close() {
        placed.forEach(ManifestSnapshot::close);
        Disposable running = polling;
        if (running != null) {
            running.dispose();
        }
    }
}
