package io.atrium.command.eventstore;

import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Event positions in Axon's JDBC event table, where the position is the row's {@code global_index}.
 * The queries run on the Spring transaction in progress, so a command sees the event it has just
 * appended before it commits.
 */
public final class JdbcEventPositions implements EventPositions {

    private static final ResultSetExtractor<OptionalLong> FIRST_LONG =
            rs -> rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();

    private final JdbcTemplate jdbc;

    public JdbcEventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public OptionalLong positionOf(String aggregateId, long sequence) {
        return query(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                aggregateId,
                sequence);
    }

    /** Answered by the append itself when it was a lone event ({@link PositionAnsweringAppend}). */
    @Override
    public OptionalLong positionOfAppended(String aggregateId, long sequence) {
        Long appended = PositionAnsweringAppend.take(aggregateId, sequence);
        return appended != null ? OptionalLong.of(appended) : positionOf(aggregateId, sequence);
    }

    @Override
    public OptionalLong newestPosition(String aggregateId) {
        return query(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1",
                aggregateId);
    }

    @Override
    public OptionalLong sequenceAt(String aggregateId, long position) {
        return query(
                "SELECT sequence_number FROM domain_event_entry WHERE global_index = ? AND aggregate_identifier = ?",
                position,
                aggregateId);
    }

    private OptionalLong query(String sql, Object... arguments) {
        OptionalLong found = jdbc.query(sql, FIRST_LONG, arguments);
        // JdbcTemplate declares its extractor's answer nullable; this extractor always answers.
        return found == null ? OptionalLong.empty() : found;
    }
}
