package io.atrium.query.readmodel;

import io.atrium.events.TenantId;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * One page of a table's rows, with the count of all of them taken by the same statement.
 * Two statements (a count beside a page) could straddle a projection's insert and answer a total that
 * disagrees with the items beside it; a scalar subquery reads both in one snapshot and still lets the
 * page stop at its limit.
 */
public final class TenantPages {

    private TenantPages() {}

    /** A page of the tenant's rows of {@code table}: {@link #read(DatabaseClient, String, String, String, UnaryOperator, String, int, int, Function)} filtered by tenant alone. */
    public static <T> Mono<Page<T>> read(
            DatabaseClient db,
            String table,
            String columns,
            String orderBy,
            TenantId tenant,
            int page,
            int size,
            Function<Readable, T> mapper) {
        return read(
                db,
                table,
                columns,
                " WHERE tenant_id = :tenant",
                spec -> spec.bind("tenant", tenant.value()),
                orderBy,
                page,
                size,
                mapper);
    }

    /**
     * @param columns the select list for the page's rows (never {@code *} with a secret column)
     * @param where   the filter, starting with {@code WHERE}; it appears twice in the statement
     * @param binds   binds every parameter {@code where} names
     * @param orderBy the order, ending in a unique column so pages never overlap
     */
    public static <T> Mono<Page<T>> read(
            DatabaseClient db,
            String table,
            String columns,
            String where,
            UnaryOperator<DatabaseClient.GenericExecuteSpec> binds,
            String orderBy,
            int page,
            int size,
            Function<Readable, T> mapper) {
        String from = " FROM " + table + where;
        Mono<List<Counted<T>>> rows = binds.apply(db.sql("SELECT " + columns + ", (SELECT COUNT(*)" + from
                        + ") AS total_rows" + from + " ORDER BY " + orderBy + " LIMIT " + size + " OFFSET "
                        + ((long) page * size)))
                .map(row -> new Counted<>(mapper.apply(row), ((Number) row.get("total_rows")).longValue()))
                .all()
                .collectList();
        return rows.flatMap(counted -> {
            List<T> items = counted.stream().map(Counted::item).toList();
            if (!counted.isEmpty()) {
                return Mono.just(new Page<>(items, page, size, counted.get(0).total()));
            }
            if (page == 0) {
                return Mono.just(new Page<>(items, page, size, 0L));
            }
            // Past the last page there is no row to carry the total: it is counted on its own.
            return binds.apply(db.sql("SELECT COUNT(*) AS n" + from))
                    .map(row -> ((Number) row.get("n")).longValue())
                    .one()
                    .map(total -> new Page<>(items, page, size, total));
        });
    }

    private record Counted<T>(T item, long total) {}
}
