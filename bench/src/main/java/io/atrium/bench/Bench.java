package io.atrium.bench;

import java.util.Arrays;

/**
 * Entry point: {@code java -jar atrium-bench-exec.jar <benchmark> [options]}.
 * <ul>
 *   <li>{@code commands --url URL --key OWNER_KEY --clients N --seconds S --warmup W}: drives the
 *       lifecycle over HTTP and prints commands/s with p50/p99 latency;</li>
 *   <li>{@code inserts --jdbc URL --user U --password P --clients N --seconds S}: single-row
 *       INSERT + COMMIT through JDBC, the database's own commit rate;</li>
 *   <li>{@code replay --events N}: seeds N events into a MariaDB event store and times each projection's replay into MariaDB;</li>
 *   <li>{@code manifest-requests}: sets a host app up and writes signed manifest requests for wrk;</li>
 *   <li>{@code lag --rate R}: sends R commands/s and reads the projections' lag percentiles;</li>
 *   <li>{@code search --pages N --concurrency C --seconds S --elasticsearch URL --analyzer A}: crawl
 *       throughput, indexing N pages and query latency on Lucene and Elasticsearch in the same run.</li>
 * </ul>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench commands|inserts [--option value]...");
            System.exit(2);
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "commands" -> CommandLoad.run(options);
            case "inserts" -> InsertLoad.run(options);
            case "replay" -> ReplayBench.run(options);
            case "manifest-requests" -> ManifestRequests.run(options);
            case "lag" -> LagLoad.run(options);
            case "search" -> SearchBench.run(options);
            default -> {
                System.err.println("unknown benchmark " + args[0]);
                System.exit(2);
            }
        }
    }
}
