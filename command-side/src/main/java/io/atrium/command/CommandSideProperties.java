package io.atrium.command;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the write side.
 *
 * @param dataDir    where the embedded defaults keep their files (event store, packages, keys)
 * @param eventStore which event store to use
 * @param packages   limits on uploaded code packages
 * @param commands   how commands are executed
 */
@ConfigurationProperties(prefix = "atrium")
public record CommandSideProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue EventStore eventStore,
        @DefaultValue Packages packages,
        @DefaultValue Commands commands) {

    /**
     * Threads that run commands, the default applied: as set, or else twice the cores (at least 2) on
     * the embedded H2 store, whose commits are CPU work in this process, and 16 on {@code jdbc} and
     * {@code kurrentdb}, where a command mostly waits for the store. More runnable command threads than that on H2 add no
     * throughput; they take CPU turns from the projections, and a command descheduled between its
     * append and its commit holds back every later event (the feed delivers in position order).
     */
    public int commandThreads() {
        if (commands.threads() != null) {
            return commands.threads();
        }
        return eventStore.embedded() ? Math.max(2, 2 * Runtime.getRuntime().availableProcessors()) : 16;
    }

    /**
     * @param kind            {@code h2} (embedded file under the data dir, the default), {@code jdbc}
     *                        (MySQL/MariaDB at {@code url}) or {@code kurrentdb} (events in KurrentDB at
     *                        {@code kurrentdb.connection-string}; the command side's own tables, the
     *                        API-key lookup, idempotency records and relay lease, stay in SQL: at
     *                        {@code url} when set, which several command nodes can share, else in the
     *                        embedded H2 file)
     * @param url             JDBC URL for {@code jdbc}, e.g. {@code jdbc:mariadb://127.0.0.1:3306/atrium};
     *                        for {@code kurrentdb}, where the command side's own tables live (optional)
     * @param username        database user for {@code url}
     * @param password        database password for {@code url}
     * @param maxPoolSize     connections in the pool
     * @param snapshotEvery   a MiniProgram snapshot is taken after this many events are replayed to load it
     * @param cacheAggregates keep loaded aggregates in memory between commands. Unset (the default):
     *                        on {@code h2}, whose file is locked to one process, entries are trusted;
     *                        on {@code jdbc} and {@code kurrentdb}, where several nodes may share the
     *                        store, each entry's version is checked against the store before use.
     *                        {@code true} trusts entries there too (only safe when this process is the
     *                        only writer); {@code false} turns the cache off
     * @param kurrentdb       how to reach KurrentDB, for {@code kurrentdb}
     */
    public record EventStore(
            @DefaultValue("h2") String kind,
            String url,
            @DefaultValue("root") String username,
            @DefaultValue("") String password,
            @DefaultValue("16") int maxPoolSize,
            @DefaultValue("50") int snapshotEvery,
            Boolean cacheAggregates,
            @DefaultValue Kurrentdb kurrentdb) {

        /**
         * Whether this is the embedded H2 file, which only this process can open. Not for
         * {@code kurrentdb}, even when its SQL tables are in the H2 file: the events are in KurrentDB,
         * which other nodes may write.
         */
        public boolean embedded() {
            return "h2".equals(kind);
        }

        /**
         * Whether the event append commits with the command side's SQL transaction (the JDBC stores), so
         * a command that fails later leaves nothing; on KurrentDB the append commits on its own.
         */
        public boolean appendsInSqlTransaction() {
            return !"kurrentdb".equals(kind);
        }

        /** Whether aggregates are cached and their entries trusted without a check, the default applied. */
        public boolean cachesAggregates() {
            return cacheAggregates != null ? cacheAggregates : embedded();
        }

        /** Whether aggregates are cached with each entry's version checked against the store before use. */
        public boolean checksCachedAggregates() {
            return cacheAggregates == null && !embedded();
        }

        /**
         * @param connectionString   KurrentDB's connection string, e.g. {@code kurrentdb://127.0.0.1:2113?tls=false}
         * @param operationTimeoutMs a read or append that has not been answered by then fails
         */
        public record Kurrentdb(
                @DefaultValue("kurrentdb://127.0.0.1:2113?tls=false")
                String connectionString,

                @DefaultValue("5000") long operationTimeoutMs) {}
    }

    /**
     * The limits of an upload. The sizes follow WeChat's (2 MB a package, 20 MB in all); the entry
     * count only guards against hostile archives, far above real apps (WeChat's component demo has
     * 2,721 files).
     *
     * @param maxUploadBytes      largest accepted zip
     * @param maxTotalBytes       largest total of the files, uncompressed
     * @param maxPackageBytes     largest main package or subpackage, uncompressed
     * @param maxEntries          most entries in a zip
     * @param maxEntryBytes       largest single file, uncompressed
     * @param maxCompressionRatio largest expansion factor
     */
    public record Packages(
            @DefaultValue("25165824") long maxUploadBytes,
            @DefaultValue("20971520") long maxTotalBytes,
            @DefaultValue("2097152") long maxPackageBytes,
            @DefaultValue("10000") int maxEntries,
            @DefaultValue("8388608") long maxEntryBytes,
            @DefaultValue("100") int maxCompressionRatio) {}

    /**
     * @param threads   threads that execute commands (each holds a database connection while it does);
     *                  unset, {@link CommandSideProperties#commandThreads()} chooses
     * @param queueSize commands that may wait for a thread before new ones are refused
     * @param timeoutSeconds a command's transaction that has run longer is rolled back instead of committed
     *                       (this replaces Axon's handler timeouts, which are off: they captured a stack trace
     *                       and scheduled a watchdog task for every handler call, about 3% of the CPU under load)
     * @param slowMillis     a command that took longer is logged as slow, with its name and target
     */
    public record Commands(
            Integer threads,
            @DefaultValue("2000") int queueSize,
            @DefaultValue("30") int timeoutSeconds,
            @DefaultValue("5000") long slowMillis) {

        public Commands {
            // Spring reads a negative transaction timeout as "none" and 0 as "already over"; neither is
            // a time limit, and the dispatcher's own check before the commit would refuse every command.
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException(
                        "atrium.commands.timeout-seconds must be at least 1, was " + timeoutSeconds);
            }
        }
    }
}
