package io.atrium.projections.runner;

import io.atrium.projections.feed.StoredEvent;
import io.atrium.projections.readmodel.ReadModelDialect;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Turns events into rows of a read model. A projection keeps no state between batches: everything
 * it needs it reads back in the batch's transaction, so a failed batch leaves nothing behind and a
 * replay into other tables is the same code with other table names.
 */
public interface Projection {

    /** A stable name: the checkpoint's key and the replay endpoint's path segment. */
    String name();

    /**
     * Whether it reads events stored under {@code type} (a stable name). A batch with no event of a type
     * it reads is never handed to {@link #apply} (its runner only moves the checkpoint, later), so this
     * must cover every type {@code apply} writes rows for. A poison event of a type a projection does
     * not read is passed over by it; only the projections that read it stop on it. By default a
     * projection reads every type.
     */
    default boolean reads(String type) {
        return true;
    }

    /** The tables it owns and writes, each once. */
    List<ReadModelDialect.Table> tables();

    /**
     * Applies a batch of events, in order, inside the caller's transaction.
     *
     * @param tables where to write: the live tables, or a replay's shadows
     */
    Mono<Void> apply(List<StoredEvent> batch, Tables tables, DatabaseClient db);

    /** Maps a projection's table names to the physical tables of this run. */
    record Tables(String suffix) {
        public static final Tables LIVE = new Tables("");

        public String name(String table) {
            return table + suffix;
        }
    }
}
