package io.atrium.query.audit;

import io.atrium.events.TenantId;
import io.atrium.events.audit.AuditChain;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operation log's reads. Everything that may span many entries walks the log in keyset pages
 * ({@code seq > last ORDER BY seq LIMIT n}), so an export or a verification of a million entries
 * holds one page in memory, whatever the database driver does with large results.
 */
public final class AuditLog {

    static final int PAGE = 1000;

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    Mono<List<AuditEntryDto>> page(AuditFilter filter, long after, int limit) {
        return filter.bind(db.sql("SELECT * FROM audit_log" + filter.where() + " ORDER BY seq LIMIT " + limit), after)
                .map(AuditEntryDto::of)
                .all()
                .collectList();
    }

    /** Every matching entry after {@code after}, page by page, as the subscriber asks for them. */
    Flux<AuditEntryDto> stream(AuditFilter filter, long after) {
        return pages(
                after,
                last -> filter.bind(
                        db.sql("SELECT * FROM audit_log" + filter.where() + " ORDER BY seq LIMIT " + PAGE), last),
                AuditEntryDto::of,
                AuditEntryDto::seq);
    }

    /**
     * Walks the whole chain in order and checks each entry's link and hash.
     *
     * @return {@code valid}, {@code entries} checked, and where it breaks first if it does
     */
    Mono<ChainCheck> verify(TenantId tenant) {
        record Checked(long seq, long position, String tenant, String prevHash, String hash, String recomputed) {}
        Flux<Checked> entries = pages(
                0,
                last -> db.sql("SELECT * FROM audit_log WHERE seq > :after ORDER BY seq LIMIT " + PAGE)
                        .bind("after", last),
                row -> new Checked(
                        row.get("seq", Long.class),
                        row.get("position", Long.class),
                        row.get("tenant_id", String.class),
                        row.get("prev_hash", String.class),
                        row.get("hash", String.class),
                        AuditChain.hash(row.get("prev_hash", String.class), AuditEntryDto.entry(row))),
                Checked::seq);
        // The chain runs through every tenant's entries (each hash covers the one before, whoever's it is), so
        // the whole chain is walked; the answer counts and names only the caller's tenant's entries, and a
        // break at another tenant's entry is reported without its seq or position.
        String[] previous = {AuditChain.GENESIS};
        long[] expectedSeq = {1};
        long[] count = {0};
        Long[] lastOwnSeq = {null};
        String[] lastOwnHash = {null};
        return entries.<ChainCheck>handle((c, sink) -> {
                    String problem = null;
                    if (c.seq() != expectedSeq[0]) {
                        problem = "entry " + expectedSeq[0] + " is missing";
                    } else if (!c.prevHash().equals(previous[0])) {
                        problem = "it does not link to the entry before it";
                    } else if (!c.recomputed().equals(c.hash())) {
                        problem = "its content does not match its hash";
                    }
                    boolean own = tenant.value().equals(c.tenant());
                    if (problem != null) {
                        sink.next(
                                own && c.seq() == expectedSeq[0]
                                        ? ChainCheck.broken(count[0], c.seq(), c.position(), problem)
                                        : ChainCheck.brokenElsewhere(count[0]));
                        sink.complete();
                        return;
                    }
                    previous[0] = c.hash();
                    expectedSeq[0]++;
                    if (own) {
                        count[0]++;
                        lastOwnSeq[0] = c.seq();
                        lastOwnHash[0] = c.hash();
                    }
                })
                .next()
                .switchIfEmpty(Mono.fromSupplier(() -> ChainCheck.holds(count[0], lastOwnSeq[0], lastOwnHash[0])));
    }

    /** The {@code seq} to follow the live log from: the entry just before the first one past {@code position}. */
    Mono<Long> seqAfterPosition(TenantId tenant, long position) {
        return db.sql(
                        "SELECT COALESCE(MIN(seq) - 1, (SELECT COALESCE(MAX(seq), 0) FROM audit_log)) AS s FROM audit_log WHERE position > :p")
                .bind("p", position)
                .map(row -> ((Number) row.get("s")).longValue())
                .one()
                .defaultIfEmpty(0L);
    }

    /** Fetches page after page, each starting after the last {@code seq} of the one before, until a page comes back short. */
    private static <T> Flux<T> pages(
            long start,
            Function<Long, DatabaseClient.GenericExecuteSpec> query,
            Function<Readable, T> map,
            ToLongFunction<T> seq) {
        Function<Long, Mono<List<T>>> fetch =
                after -> query.apply(after).map(map::apply).all().collectList();
        return fetch.apply(start)
                .expand(
                        page -> page.size() < PAGE
                                ? Mono.empty()
                                : fetch.apply(seq.applyAsLong(page.get(page.size() - 1))),
                        1)
                .concatMapIterable(page -> page);
    }
}
