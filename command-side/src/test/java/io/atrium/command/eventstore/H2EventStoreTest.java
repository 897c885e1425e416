package io.atrium.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The event-store contract on the embedded H2 file, as single-node mode uses it. */
class H2EventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    protected StoreUnderTest openStore() {
        return reopenStore();
    }

    @Override
    protected StoreUnderTest reopenStore() {
        return new JdbcStoreUnderTest(EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4));
    }

    @Test
    void readingWithGapsUsesThePrimaryKeyInsteadOfScanningTheTable() {
        JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
        jdbc.update(
                "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload)"
                        + " SELECT 'e' || X, 'a' || X, 0, 'MiniProgram', '2026-01-01T00:00:00Z', 'p', X'7B7D' FROM SYSTEM_RANGE(1, 20000)");
        String sql = GapReadStatement.sql(AxonEventStore.EVENT_SCHEMA, 2);
        for (long value : new long[] {19_000, 20_000, 18_500, 18_700}) {
            sql = sql.replaceFirst("\\?", Long.toString(value));
        }
        String plan = jdbc.queryForObject("EXPLAIN ANALYZE " + sql, String.class);
        Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        long scanned = 0;
        while (scans.find()) {
            scanned += Long.parseLong(scans.group(1));
        }
        // 1,000 rows in the range and 2 gaps; a table scan would touch all 20,000.
        assertThat(scanned).as(plan).isPositive().isLessThan(1_100);
    }
}
