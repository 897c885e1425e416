package io.atrium.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;

/**
 * The read models as a fresh replay of the event store builds them, to hold the cluster's against:
 * one more node process (command and projections, the in-process feed) on the same event store and
 * a new, empty read-model database. It is started without a bootstrap key, and with keys already in
 * the store a command node then issues no command at start, so it writes nothing to the event store;
 * it only reads the log from the first event.
 */
final class ReferenceReplay {

    static final Duration CATCH_UP = Duration.ofSeconds(180);

    private final ClusterNodes cluster;
    private int runs;

    ReferenceReplay(ClusterNodes cluster) {
        this.cluster = cluster;
    }

    /** The newest position in the event store. */
    long head() throws SQLException {
        try (Connection c = ClusterNodes.connect(cluster.eventStoreDatabase());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each projection's position (the {@code position} column; the token also carries gaps) in a read model. */
    static Map<String, Long> checkpoints(String readModelDatabase) throws SQLException {
        Map<String, Long> positions = new TreeMap<>();
        try (Connection c = ClusterNodes.connect(readModelDatabase);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, position FROM projection_checkpoint")) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            // The schema is not there until the node's projections have started.
            if (e.getMessage() != null && e.getMessage().contains("doesn't exist")) {
                return positions;
            }
            throw e;
        }
        return positions;
    }

    /**
     * Waits until every projection of the cluster's read model has reached the event store's head,
     * which is read once, now: call it after the commands have stopped. Answers the head.
     */
    long awaitClusterCaughtUp() throws SQLException {
        long head = head();
        awaitCaughtUp(cluster.readModelDatabase(), null, head, "the cluster (projections node)");
        return head;
    }

    private void awaitCaughtUp(String database, Map<String, Long> expectedNames, long head, String who)
            throws SQLException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        Map<String, Long> positions = checkpoints(database);
        while (!caughtUp(positions, expectedNames, head)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(who + " did not reach the event store's head " + head + " within "
                        + CATCH_UP.toSeconds() + " s; its checkpoints: " + positions
                        + (expectedNames == null ? "" : ", projections expected: " + expectedNames.keySet()));
            }
            ClusterNodes.sleep(Duration.ofMillis(250));
            positions = checkpoints(database);
        }
    }

    private static boolean caughtUp(Map<String, Long> positions, Map<String, Long> expected, long head) {
        if (positions.isEmpty() || (expected != null && !positions.keySet().containsAll(expected.keySet()))) {
            return false;
        }
        return positions.values().stream().allMatch(p -> p >= head);
    }

    /**
     * The check the issue asks for after each failure: the cluster catches up with the head; a fresh
     * replay of the same event store catches up too; every read-model table holds the same rows in
     * both; the operation log has each event of the store exactly once, and its hash chain verifies
     * on a query node.
     */
    void assertClusterMatchesReplay(String queryNode, String auditorKey) throws Exception {
        long head = awaitClusterCaughtUp();
        Map<String, Long> clusterCheckpoints = checkpoints(cluster.readModelDatabase());
        int run = ++runs;
        String database = cluster.readModelDatabase() + "_ref" + run;
        String name = "reference" + run;
        Path dataCopy = Path.of(cluster.dataDir() + "-ref" + run);
        cluster.createDatabase(database);
        copyTree(cluster.dataDir(), dataCopy);
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + ClusterNodes.freePort());
        args.add("--atrium.node-id=" + name);
        args.add("--atrium.roles=command,projections");
        args.add("--atrium.data-dir=" + dataCopy);
        args.addAll(cluster.eventStoreArguments());
        args.addAll(ClusterNodes.readModelArguments(database));
        args.add("--atrium.event-feed.kind=in-process");
        // Should a relay run wherever the command side does, it publishes to a topic nobody reads.
        args.add("--atrium.kafka.topic=" + cluster.topic() + ".reference" + run);
        args.add("--atrium.search.index=lucene");
        args.addAll(ClusterNodes.commonArguments());
        ClusterNodes.Node reference = cluster.launch(name, args, Map.of());
        // Every check is made and reported together: a table difference is easier to read beside the
        // operation log's own account of which events it lacks or holds at the wrong position.
        SoftAssertions checks = new SoftAssertions();
        try {
            cluster.awaitUp(reference);
            awaitCaughtUp(database, clusterCheckpoints, head, "the reference replay");
            checks.assertThat(head())
                    .as("the event store's head after the reference replay started: it must write nothing")
                    .isEqualTo(head);
            List<String> differences = ReadModelComparison.differences(cluster.readModelDatabase(), database);
            checks.assertThat(differences)
                    .as("read models of the cluster against a fresh replay of the event store (head " + head + ")")
                    .isEmpty();
        } finally {
            reference.process().destroy();
            ClusterNodes.stop(reference);
            ClusterNodes.dropDatabase(database);
            ClusterNodes.deleteTree(dataCopy);
        }
        checkOperationLogHoldsEachEventOnce(checks);
        JsonNode verdict = NodeApi.get(cluster.baseUrl(queryNode), "/api/v1/audit/verify", auditorKey)
                .ok();
        checks.assertThat(verdict.get("valid").asBoolean())
                .as("the operation log's hash chain on " + queryNode + ": " + verdict)
                .isTrue();
        checks.assertAll();
    }

    /**
     * No position twice in the operation log; each event of the store in it once, at the event's own
     * position; nothing else in it.
     */
    void checkOperationLogHoldsEachEventOnce(SoftAssertions checks) throws SQLException {
        String store = cluster.eventStoreDatabase();
        String log = cluster.readModelDatabase();
        checks.assertThat(longs(
                        log, "SELECT position FROM audit_log GROUP BY position HAVING COUNT(*) > 1 ORDER BY position"))
                .as("operation-log positions recorded more than once")
                .isEmpty();
        checks.assertThat(longs(
                        log,
                        "SELECT e.global_index FROM " + store + ".domain_event_entry e LEFT JOIN " + log
                                + ".audit_log a ON a.event_id = e.event_identifier WHERE a.event_id IS NULL"
                                + " ORDER BY e.global_index"))
                .as("positions of the store's events missing from the operation log")
                .isEmpty();
        checks.assertThat(strings(
                        log,
                        "SELECT CONCAT(e.global_index, ' logged at ', a.position) FROM " + store
                                + ".domain_event_entry e JOIN " + log
                                + ".audit_log a ON a.event_id = e.event_identifier"
                                + " WHERE a.position <> e.global_index ORDER BY e.global_index"))
                .as("events logged at another position than their own")
                .isEmpty();
        checks.assertThat(longs(
                        log,
                        "SELECT a.position FROM " + log + ".audit_log a LEFT JOIN " + store
                                + ".domain_event_entry e ON a.event_id = e.event_identifier WHERE e.event_identifier IS NULL"
                                + " ORDER BY a.position"))
                .as("operation-log entries of no event in the store")
                .isEmpty();
    }

    static List<String> strings(String database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = ClusterNodes.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static List<Long> longs(String database, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = ClusterNodes.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    /** The packages and platform keys the reference's side needs; no search index or temporary files. */
    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path relative = from.relativize(p);
                if (relative.getNameCount() > 0
                        && (relative.getName(0).toString().equals("tmp")
                                || relative.getName(0).toString().equals("search"))) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
