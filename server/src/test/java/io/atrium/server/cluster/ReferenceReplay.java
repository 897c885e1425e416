package io.atrium.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
        try {
            cluster.awaitUp(reference);
            awaitCaughtUp(database, clusterCheckpoints, head, "the reference replay");
            assertThat(head())
                    .as("the event store's head after the reference replay started: it must write nothing")
                    .isEqualTo(head);
            List<String> differences = ReadModelComparison.differences(cluster.readModelDatabase(), database);
            assertThat(differences)
                    .as("read models of the cluster against a fresh replay of the event store (head " + head + ")")
                    .isEmpty();
        } finally {
            reference.process().destroy();
            ClusterNodes.stop(reference);
            ClusterNodes.dropDatabase(database);
            ClusterNodes.deleteTree(dataCopy);
        }
        assertOperationLogHoldsEachEventOnce();
        JsonNode verdict = NodeApi.get(cluster.baseUrl(queryNode), "/api/v1/audit/verify", auditorKey)
                .ok();
        assertThat(verdict.get("valid").asBoolean())
                .as("the operation log's hash chain on " + queryNode + ": " + verdict)
                .isTrue();
    }

    /** No position twice in the operation log, and its positions are exactly the event store's. */
    void assertOperationLogHoldsEachEventOnce() throws SQLException {
        List<Long> doubled = longs(
                cluster.readModelDatabase(),
                "SELECT position FROM audit_log GROUP BY position HAVING COUNT(*) > 1 ORDER BY position");
        assertThat(doubled)
                .as("operation-log positions recorded more than once")
                .isEmpty();
        List<Long> logged = longs(cluster.readModelDatabase(), "SELECT position FROM audit_log ORDER BY position");
        List<Long> stored = longs(
                cluster.eventStoreDatabase(), "SELECT global_index FROM domain_event_entry ORDER BY global_index");
        List<Long> missing = new ArrayList<>(stored);
        missing.removeAll(new java.util.HashSet<>(logged));
        List<Long> extra = new ArrayList<>(logged);
        extra.removeAll(new java.util.HashSet<>(stored));
        assertThat(missing)
                .as("events of the store missing from the operation log")
                .isEmpty();
        assertThat(extra).as("operation-log entries of no event in the store").isEmpty();
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
