package io.atrium.projections.readmodel;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Writing rows: multi-row inserts in chunks, nulls bound with their type, instants as UTC DATETIME(6). */
public final class Rows {

    private static final int CHUNK = 500;

    private Rows() {}

    /**
     * Inserts {@code rows} (each an array of values in {@code columns} order) into {@code table}.
     *
     * @param types the Java type of each column, used to bind nulls
     */
    public static Mono<Void> insert(
            DatabaseClient db, String table, List<String> columns, List<Class<?>> types, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return Flux.range(0, (rows.size() + CHUNK - 1) / CHUNK)
                .concatMap(chunk -> {
                    List<Object[]> part = rows.subList(chunk * CHUNK, Math.min(rows.size(), (chunk + 1) * CHUNK));
                    StringBuilder sql = new StringBuilder("INSERT INTO ")
                            .append(table)
                            .append(" (")
                            .append(String.join(", ", columns))
                            .append(") VALUES ");
                    for (int r = 0; r < part.size(); r++) {
                        sql.append(r == 0 ? "(" : ", (");
                        for (int c = 0; c < columns.size(); c++) {
                            sql.append(c == 0 ? "" : ", ")
                                    .append(":p")
                                    .append(r)
                                    .append('_')
                                    .append(c);
                        }
                        sql.append(')');
                    }
                    // One bindValues call: each bind() copies every binding made before it, which is
                    // quadratic in the thousands of parameters of a multi-row insert.
                    Map<String, Object> values = new HashMap<>(part.size() * columns.size() * 2);
                    for (int r = 0; r < part.size(); r++) {
                        for (int c = 0; c < columns.size(); c++) {
                            values.put("p" + r + "_" + c, value(part.get(r)[c], types.get(c)));
                        }
                    }
                    return db.sql(sql.toString()).bindValues(values).then();
                })
                .then();
    }

    /** A value ready to bind: instants as UTC date-times, nulls typed. */
    static Object value(Object value, Class<?> type) {
        if (value == null) {
            return Parameter.empty(type == Instant.class ? LocalDateTime.class : type);
        }
        return value instanceof Instant instant ? utc(instant) : value;
    }

    /** Binds a value, or a typed null. */
    public static DatabaseClient.GenericExecuteSpec bind(
            DatabaseClient.GenericExecuteSpec spec, String name, @Nullable Object value, Class<?> type) {
        if (value == null) {
            return spec.bindNull(name, type == Instant.class ? LocalDateTime.class : type);
        }
        return spec.bind(name, value instanceof Instant instant ? utc(instant) : value);
    }

    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A NOT NULL column's instant. */
    public static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    /** A nullable column's instant. */
    public static @Nullable Instant instantOrNull(@Nullable LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    /** {@code IN (:name0, :name1, ...)} for {@code n} values. */
    public static String in(String name, int n) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? ":" : ", :").append(name).append(i);
        }
        return sql.append(')').toString();
    }

    public static DatabaseClient.GenericExecuteSpec bindAll(
            DatabaseClient.GenericExecuteSpec spec, String name, List<?> values) {
        Map<String, Object> map = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) {
            map.put(name + i, values.get(i));
        }
        return spec.bindValues(map);
    }
}
