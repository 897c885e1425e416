package io.atrium.command.eventstore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Axon's append of an aggregate's events, which also learns where the store put a lone event: the
 * INSERT asks for its generated key, and the position is kept for the appending thread, so the command
 * that appended it answers its position without a {@code SELECT} of its own (see
 * {@link JdbcEventPositions#positionOfAppended}).
 *
 * <p>Only a batch of one event is keyed. Every driver answers a single INSERT's key exactly; for a batch
 * of several, some drivers compute the later keys from the first and the auto-increment step rather than
 * read them, which a position must never be. Such batches, and every failure, leave nothing kept, and
 * the position is then read back as before. The statement itself, its SQL and its parameters, stay
 * Axon's: only the connection it is prepared on is asked for the key.
 */
final class PositionAnsweringAppend implements AppendEventsStatementBuilder {

    /** An event this thread appended last, and the position the store gave it. */
    record Appended(String aggregateId, long sequence, long position) {}

    private static final ThreadLocal<@Nullable Appended> LAST = new ThreadLocal<>();

    /**
     * The position of the lone event this thread appended last, when it is {@code aggregateId}'s at
     * {@code sequence}; forgotten once asked, so it answers at most once and never for a later question.
     */
    static @Nullable Long take(String aggregateId, long sequence) {
        Appended last = LAST.get();
        LAST.remove();
        return last != null && last.aggregateId().equals(aggregateId) && last.sequence() == sequence
                ? last.position()
                : null;
    }

    @Override
    public PreparedStatement build(
            Connection connection,
            EventSchema schema,
            Class<?> dataType,
            List<? extends EventMessage<?>> events,
            Serializer serializer,
            TimestampWriter timestampWriter)
            throws SQLException {
        // Whatever an earlier append on this thread left belongs to another (perhaps rolled-back) write.
        LAST.remove();
        if (events.size() != 1 || !(events.get(0) instanceof DomainEventMessage<?> event)) {
            return JdbcEventStorageEngineStatements.appendEvents(
                    connection, schema, dataType, events, serializer, timestampWriter);
        }
        PreparedStatement statement = JdbcEventStorageEngineStatements.appendEvents(
                keyed(connection), schema, dataType, events, serializer, timestampWriter);
        return keeping(statement, event.getAggregateIdentifier(), event.getSequenceNumber());
    }

    /** The connection, its one-argument prepareStatement asking for the generated key. */
    private static Connection keyed(Connection connection) {
        return proxy(Connection.class, (self, method, args) -> {
            if (method.getName().equals("prepareStatement")
                    && args != null
                    && args.length == 1
                    && args[0] instanceof String sql) {
                return connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            }
            return call(method, connection, args);
        });
    }

    /** The statement, which keeps its row's generated key for this thread once its batch has run. */
    private static PreparedStatement keeping(PreparedStatement statement, String aggregateId, long sequence) {
        return proxy(PreparedStatement.class, (self, method, args) -> {
            Object result = call(method, statement, args);
            if (method.getName().equals("executeBatch") && (args == null || args.length == 0)) {
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    if (keys.next()) {
                        long position = keys.getLong(1);
                        if (!keys.next()) {
                            LAST.set(new Appended(aggregateId, sequence, position));
                        }
                    }
                }
            }
            return result;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T)
                Proxy.newProxyInstance(PositionAnsweringAppend.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static @Nullable Object call(Method method, Object target, @Nullable Object @Nullable [] args)
            throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            // The driver's own exception (a duplicate key, a lost connection), as Axon expects it.
            throw e.getCause();
        }
    }
}
