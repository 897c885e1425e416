package io.atrium.server.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two read-model databases table by table: the same tables, and in each the same rows as
 * a multiset (so a row missing on one side and a row doubled on the other both show), leaving out
 * what is not a function of the event log.
 */
final class ReadModelComparison {

    /**
     * Bookkeeping, not read models: where each projection stands (and when it got there), the poison
     * events an operator skipped (with the wall-clock time of the skip), Flyway's history (install
     * times), and the search indexer's crawls (ids and progress of crawls that ran when the indexer
     * got to them, stamped with Instant.now(); a kill -9 leaves one "interrupted").
     */
    static final Set<String> EXCLUDED_TABLES =
            Set.of("projection_checkpoint", "projection_skip", "flyway_readmodel_history", "search_crawl");

    /**
     * Columns written by the search indexer after the search projection's row, as it catches up with
     * the index (how far it has indexed, which version, whether work is left): they say when the
     * indexer ran, not what the events were.
     */
    static final Map<String, Set<String>> EXCLUDED_COLUMNS =
            Map.of("search_program", Set.of("indexed_position", "indexed_version", "pending"));

    static final int SHOWN_ROWS = 5;

    private ReadModelComparison() {}

    /** The differences, one readable paragraph each; empty when the two read models agree. */
    static List<String> differences(String clusterDatabase, String referenceDatabase) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection cluster = ClusterNodes.connect(clusterDatabase);
                Connection reference = ClusterNodes.connect(referenceDatabase)) {
            Set<String> clusterTables = tables(cluster, clusterDatabase);
            Set<String> referenceTables = tables(reference, referenceDatabase);
            if (!clusterTables.equals(referenceTables)) {
                found.add("tables differ: cluster has " + clusterTables + ", the replay has " + referenceTables);
            }
            for (String table : clusterTables) {
                if (!referenceTables.contains(table)) {
                    continue;
                }
                List<String> columns = columns(cluster, clusterDatabase, table);
                List<String> referenceColumns = columns(reference, referenceDatabase, table);
                if (!columns.equals(referenceColumns)) {
                    found.add(table + ": columns differ: cluster " + columns + ", replay " + referenceColumns);
                    continue;
                }
                String difference = compare(table, rows(cluster, table, columns), rows(reference, table, columns));
                if (difference != null) {
                    found.add(difference + "\n  columns: " + columns);
                }
            }
        }
        return found;
    }

    static Set<String> tables(Connection c, String database) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                    if (!EXCLUDED_TABLES.contains(table)) {
                        tables.add(table);
                    }
                }
            }
        }
        return tables;
    }

    static List<String> columns(Connection c, String database, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        Set<String> excluded = EXCLUDED_COLUMNS.getOrDefault(table, Set.of());
        try (PreparedStatement s = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, database);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                    if (!excluded.contains(column)) {
                        columns.add(column);
                    }
                }
            }
        }
        return columns;
    }

    /** Every row of the table as text, ordered by all its columns. */
    static List<List<String>> rows(Connection c, String table, List<String> columns) throws SQLException {
        String list =
                String.join(", ", columns.stream().map(col -> "`" + col + "`").toList());
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + list + " FROM `" + table + "` ORDER BY " + list);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    String value = rs.getString(i);
                    row.add(value == null ? "NULL" : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Null when the two are the same multiset of rows; else counts and the first rows only one side has. */
    static String compare(String table, List<List<String>> cluster, List<List<String>> reference) {
        Map<List<String>, Integer> balance = new HashMap<>();
        cluster.forEach(row -> balance.merge(row, 1, Integer::sum));
        reference.forEach(row -> balance.merge(row, -1, Integer::sum));
        balance.values().removeIf(n -> n == 0);
        if (balance.isEmpty()) {
            return null;
        }
        // Rows sorted so that the report is stable and a changed row shows next to its counterpart.
        Map<String, Integer> onlyCluster = new TreeMap<>();
        Map<String, Integer> onlyReference = new TreeMap<>();
        balance.forEach((row, n) -> (n > 0 ? onlyCluster : onlyReference).put(row.toString(), Math.abs(n)));
        StringBuilder report = new StringBuilder()
                .append(table)
                .append(": cluster has ")
                .append(cluster.size())
                .append(" rows, the replay ")
                .append(reference.size())
                .append("; ")
                .append(onlyCluster.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .append(" only (or more often) in the cluster, ")
                .append(onlyReference.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .append(" only (or more often) in the replay");
        append(report, "cluster", onlyCluster);
        append(report, "replay", onlyReference);
        return report.toString();
    }

    private static void append(StringBuilder report, String side, Map<String, Integer> rows) {
        rows.entrySet().stream()
                .limit(SHOWN_ROWS)
                .forEach(e -> report.append("\n  ")
                        .append(side)
                        .append(e.getValue() > 1 ? " (x" + e.getValue() + ")" : "")
                        .append(": ")
                        .append(e.getKey()));
    }
}
