package io.atrium.command.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;

/**
 * The query a tracking reader runs while its token has gaps (positions passed before their
 * transaction committed): the next batch after the token, plus the gap positions.
 * <p>
 * Axon writes it as one {@code WHERE (index > ? AND index <= ?) OR index IN (...)}. H2 cannot use
 * the primary key for that disjunction and scans the whole event table on every fetch, so the
 * embedded store's reader slowed down with every event ever recorded (and a busy writer leaves gaps
 * almost all the time). Here the two halves are separate index range reads joined by
 * {@code UNION ALL}: the gaps all lie at or below the token's index and the range above it, so no
 * row can appear in both. MariaDB plans both forms as index ranges.
 */
public final class GapReadStatement implements ReadEventDataWithGapsStatementBuilder {

    /** The SQL for {@code gapCount} gaps; parameters: index, index + batch size, then each gap. */
    public static String sql(EventSchema schema, int gapCount) {
        String index = schema.globalIndexColumn();
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable();
        if (gapCount == 0) {
            return select + " WHERE " + index + " > ? AND " + index + " <= ? ORDER BY " + index + " ASC";
        }
        return select + " WHERE " + index + " > ? AND " + index + " <= ?"
                + " UNION ALL " + select + " WHERE " + index + " IN ("
                + String.join(",", Collections.nCopies(gapCount, "?")) + ")"
                + " ORDER BY " + index + " ASC";
    }

    @Override
    public PreparedStatement build(
            Connection connection, EventSchema schema, long globalIndex, int batchSize, List<Long> gaps)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
