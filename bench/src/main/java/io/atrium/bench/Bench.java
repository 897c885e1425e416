package io.atrium.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point: {@code java -jar atrium-bench-exec.jar <benchmark> [options]}; {@code --help} on the
 * driver or on any benchmark lists its options. An unknown option, an option without its value or
 * a value of the wrong type is an error (exit 2), never silently dropped.
 */
@Command(
        name = "bench",
        description = "Load drivers run by scripts/bench.",
        subcommands = {
            Bench.Commands.class,
            Bench.Login.class,
            Bench.Inserts.class,
            Bench.Appends.class,
            Bench.KurrentDbDouble.class,
            Bench.Replay.class,
            Bench.ManifestSetupCommand.class,
            Bench.ManifestCommand.class,
            Bench.Lag.class,
            Bench.Cluster.class,
            Bench.Relay.class,
            Bench.Search.class
        })
public final class Bench implements Runnable {

    // Inherited: every benchmark takes -h/--help too.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = CommandLine.ScopeType.INHERIT,
            description = "prints this help and exits")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The driver's command line, for {@link #main} and for tests of its parsing. */
    static CommandLine commandLine() {
        return new CommandLine(new Bench());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark");
    }

    /** Options every benchmark that measures a server reads: the server's process, for its CPU over the window. */
    static final class ServerProcess {
        @Option(
                names = "--server-pid",
                paramLabel = "PID",
                description =
                        "the server's process id: its CPU seconds (with its children's) over the measured window are reported")
        long pid = -1;

        ProcessCpu meter() {
            return pid < 0 ? ProcessCpu.none() : ProcessCpu.of(pid);
        }
    }

    @Command(
            name = "commands",
            description = "Drives the mini-program lifecycle over HTTP; prints commands/s with p50/p99 latency.")
    static final class Commands implements Callable<Integer> {
        @Option(names = "--url", required = true, description = "the server's base URL")
        String url;

        @Option(names = "--key", required = true, description = "an owner API key")
        String key;

        @Option(names = "--clients", defaultValue = "16", description = "concurrent clients (default ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--seconds", defaultValue = "20", description = "measured seconds (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(
                names = "--warmup",
                defaultValue = "5",
                description = "warm-up seconds, at least (then until the JIT settles, see --max-warmup) "
                        + "(default ${DEFAULT-VALUE})")
        int warmup;

        @Option(
                names = "--mix",
                defaultValue = "lifecycle",
                description = "lifecycle (the eight commands in a loop), light (details updates), each (a window "
                        + "per command type) or floor (GET /api/v1/me, no command) (default ${DEFAULT-VALUE})")
        String mix;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--store-pid",
                paramLabel = "PID",
                description = "a store in a process of its own (KurrentDB): its CPU over the same window is reported")
        long storePid = -1;

        @Option(
                names = "--max-warmup",
                paramLabel = "SECONDS",
                defaultValue = "600",
                description = "after --warmup, warm up until the server's JIT compiler threads use under 2 % of a core "
                        + "over two 5 s slices in a row; not settled this many seconds after the warm-up began, the run "
                        + "is not valid; 0 warms for --warmup only (the lifecycle, light and floor mixes; each needs 0) "
                        + "(default ${DEFAULT-VALUE})")
        int maxWarmup;

        @Option(
                names = "--rate",
                paramLabel = "PER_SECOND",
                description = "paces the light or floor mix at this many operations a second across all clients "
                        + "(default: unpaced, each client sends as soon as it is answered)")
        double rate;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            if (maxWarmup < 0 || (maxWarmup > 0 && maxWarmup < warmup)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--max-warmup is 0 (no settling) or at least --warmup, not " + maxWarmup);
            }
            ProcessCpu meter = server.meter();
            if (maxWarmup > 0 && !meter.present()) {
                // Settling watches the server's compiler threads: without its pid there is nothing to watch,
                // and a run that silently skipped it would read as a settled one.
                System.out.println("no --server-pid: the server's JIT cannot be watched, so the warm-up is --warmup ("
                        + warmup + " s) only and no window is judged settled");
            }
            return CommandLoad.run(
                    url,
                    key,
                    mix,
                    clients,
                    seconds,
                    warmup,
                    maxWarmup,
                    rate == 0 ? Pacer.unpaced() : Pacer.at(rate),
                    meter,
                    storePid < 0 ? ProcessCpu.none() : ProcessCpu.of(storePid));
        }
    }

    @Command(
            name = "login",
            description = "Members logging in beside API-key reads on the same server, and the Argon2id hash alone.")
    static final class Login implements Callable<Integer> {
        @Option(names = "--url", required = true, description = "the server's base URL")
        String url;

        @Option(names = "--key", required = true, description = "an owner API key (invites the members)")
        String key;

        @Option(names = "--clients", defaultValue = "8", description = "concurrent clients (default ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--seconds", defaultValue = "20", description = "measured seconds (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--warmup", defaultValue = "10", description = "warm-up seconds (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(
                names = "--hashes",
                defaultValue = "50",
                description = "hashes per parameter set (default ${DEFAULT-VALUE})")
        int hashes;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            return LoginLoad.run(url, key, clients, seconds, warmup, hashes, server.meter());
        }
    }

    @Command(name = "inserts", description = "Single-row INSERT + COMMIT through JDBC: the database's own commit rate.")
    static final class Inserts implements Callable<Integer> {
        @Option(names = "--jdbc", required = true, description = "the JDBC URL")
        String jdbc;

        @Option(names = "--user", defaultValue = "root")
        String user;

        @Option(names = "--password", defaultValue = "")
        String password;

        @Option(names = "--clients", defaultValue = "16")
        int clients;

        @Option(names = "--seconds", defaultValue = "20")
        int seconds;

        @Option(names = "--warmup", defaultValue = "3")
        int warmup;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            return InsertLoad.run(jdbc, user, password, clients, seconds, warmup, server.meter());
        }
    }

    @Command(
            name = "appends",
            description = "KurrentDB's append rate: N clients appending one event each to new streams.")
    static final class Appends implements Callable<Integer> {
        @Option(
                names = "--connection-string",
                required = true,
                description = "e.g. kurrentdb://127.0.0.1:2113?tls=false")
        String connection;

        @Option(names = "--clients", defaultValue = "16")
        int clients;

        @Option(names = "--seconds", defaultValue = "20")
        int seconds;

        @Option(names = "--warmup", defaultValue = "3")
        int warmup;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            return AppendLoad.run(connection, clients, seconds, warmup, server.meter());
        }
    }

    /**
     * The KurrentDB protocol double as a process of its own, so the command benchmark can run the server
     * on {@code atrium.event-store.kind=kurrentdb} here, where no KurrentDB server can run. Its speed is the
     * double's (in-memory, one lock), not a real server's.
     */
    @Command(name = "kurrentdb-double", description = "Serves the KurrentDB protocol double until killed.")
    static final class KurrentDbDouble implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "2113")
        int port;

        @Override
        public Integer call() throws Exception {
            io.atrium.kurrentdb.protocoldouble.KurrentDbProtocolDouble.main(
                    new String[] {"--port", Integer.toString(port)});
            return 0;
        }
    }

    @Command(
            name = "replay",
            description =
                    "Seeds N events into a MariaDB event store and times each projection's replay into MariaDB (in this JVM).")
    static final class Replay implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "1000000")
        int events;

        @Option(names = "--host", defaultValue = "127.0.0.1")
        String host;

        @Option(names = "--user", defaultValue = "root")
        String user;

        @Option(names = "--password", defaultValue = "")
        String password;

        @Option(
                names = "--database-pid",
                paramLabel = "PID",
                defaultValue = "-1",
                description = "MariaDB's process id, to report its CPU beside this JVM's")
        long databasePid;

        @Override
        public Integer call() throws Exception {
            ReplayBench.run(
                    events, host, user, password, databasePid < 0 ? ProcessCpu.none() : ProcessCpu.of(databasePid));
            return 0;
        }
    }

    @Command(
            name = "manifest-setup",
            description =
                    "Releases mini-programs, registers host apps that run them, and writes what the manifest load needs.")
    static final class ManifestSetupCommand implements Callable<Integer> {
        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--key", required = true, description = "an owner API key")
        String key;

        @Option(names = "--hosts", defaultValue = "16", description = "host apps (default ${DEFAULT-VALUE})")
        int hosts;

        @Option(
                names = "--programs",
                defaultValue = "32",
                description = "mini-programs, each associated with every host app (default ${DEFAULT-VALUE})")
        int programs;

        @Option(
                names = "--out",
                required = true,
                description = "a folder: setup.tsv, and www/ with each answer for nginx")
        java.nio.file.Path out;

        @Override
        public Integer call() throws Exception {
            ManifestSetup.run(url, key, hosts, programs, out);
            return 0;
        }
    }

    @Command(
            name = "manifest",
            description =
                    "Drives signed manifest requests (signed as they are sent) at Atrium or at nginx serving the same answers.")
    static final class ManifestCommand implements Callable<Integer> {
        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--setup", required = true, description = "the setup.tsv that manifest-setup wrote")
        java.nio.file.Path setup;

        @Option(
                names = "--target",
                required = true,
                description = "atrium (POST /sdk/v1/manifest) or nginx (GET of the stored answer)")
        ManifestLoad.Target target;

        @Option(names = "--connections", defaultValue = "16")
        int connections;

        @Option(
                names = "--threads",
                defaultValue = "1",
                description = "client threads, each with its own selector (default ${DEFAULT-VALUE})")
        int threads;

        @Option(
                names = "--warmup",
                defaultValue = "10",
                description = "warm-up seconds at least (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(
                names = "--warmup-max",
                defaultValue = "120",
                description =
                        "warm-up seconds at most, if the server's CPU per answer has not settled (default ${DEFAULT-VALUE})")
        int warmupMax;

        @Option(names = "--seconds", defaultValue = "10")
        int seconds;

        @Option(
                names = "--min-requests",
                defaultValue = "10000",
                description = "fewer answers in the window make the run not valid")
        long minRequests;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            return ManifestLoad.run(
                    url,
                    setup,
                    target,
                    connections,
                    threads,
                    warmup,
                    Math.max(warmup, warmupMax),
                    seconds,
                    minRequests,
                    server.meter());
        }
    }

    @Command(
            name = "lag",
            description =
                    "Sends R commands/s, then waits until every projection reaches the head; prints lag percentiles and how far behind each was.")
    static final class Lag implements Callable<Integer> {
        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--key", required = true, description = "an owner API key")
        String key;

        @Option(names = "--rate", defaultValue = "500")
        int rate;

        @Option(names = "--seconds", defaultValue = "30")
        int seconds;

        @Option(names = "--warmup", defaultValue = "30")
        int warmup;

        @Option(
                names = "--catch-up-seconds",
                defaultValue = "120",
                description = "how long to wait for the projections to reach the head")
        int catchUpSeconds;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            return LagLoad.run(url, key, rate, seconds, warmup, catchUpSeconds, server.meter());
        }
    }

    @Command(
            name = "cluster",
            description =
                    "Sends R commands/s through the writes URL and reads each one back from the reads URL with ?minPosition=; prints the lag from 202 to readable.")
    static final class Cluster implements Callable<Integer> {
        @Option(
                names = "--writes",
                required = true,
                description = "where commands go (nginx in front of the command nodes)")
        String writes;

        @Option(names = "--reads", required = true, description = "where reads go (nginx in front of the query nodes)")
        String reads;

        @Option(names = "--key", required = true, description = "an owner API key")
        String key;

        @Option(names = "--rate", defaultValue = "500")
        int rate;

        @Option(names = "--seconds", defaultValue = "30")
        int seconds;

        @Option(names = "--warmup", defaultValue = "20")
        int warmup;

        @Option(
                names = "--pid",
                description = "a process of the cluster (a node, nginx) whose CPU over the window is reported; repeat")
        List<Long> pids = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<ProcessCpu> nodes = new ArrayList<>();
            for (long pid : pids) {
                nodes.add(ProcessCpu.of(pid));
            }
            return ClusterLoad.run(writes, reads, key, rate, seconds, warmup, nodes);
        }
    }

    @Command(
            name = "relay",
            description =
                    "Times a relay publishing the store's whole backlog to a new topic, from its event_relay row; prints records/s and the mean record size.")
    static final class Relay implements Callable<Integer> {
        @Option(names = "--jdbc", required = true, description = "the event store's JDBC URL")
        String jdbc;

        @Option(names = "--user", defaultValue = "root")
        String user;

        @Option(names = "--password", defaultValue = "")
        String password;

        @Option(names = "--topic", required = true)
        String topic;

        @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092")
        String bootstrap;

        @CommandLine.Mixin
        ServerProcess server = new ServerProcess();

        @Override
        public Integer call() throws Exception {
            return RelayRate.run(jdbc, user, password, topic, bootstrap, server.meter());
        }
    }

    @Command(
            name = "search",
            description = "Crawl throughput, indexing and query latency on Lucene and Elasticsearch (in this JVM).")
    static final class Search implements Callable<Integer> {
        @Option(names = "--pages", defaultValue = "100000")
        int pages;

        @Option(names = "--concurrency", defaultValue = "8")
        int concurrency;

        @Option(names = "--seconds", defaultValue = "15")
        int seconds;

        @Option(names = "--crawl-seconds", defaultValue = "20")
        int crawlSeconds;

        @Option(names = "--elasticsearch", defaultValue = "http://127.0.0.1:9200")
        String elasticsearch;

        @Option(names = "--analyzer", defaultValue = "standard")
        String analyzer;

        @Option(names = "--only", description = "crawl, lucene or elasticsearch")
        String only = "";

        @Option(names = "--worker-jvm-options", defaultValue = "")
        String workerJvmOptions;

        @Option(
                names = "--elasticsearch-pid",
                paramLabel = "PID",
                defaultValue = "-1",
                description = "Elasticsearch's process id, to report its CPU during its phases")
        long elasticsearchPid;

        @Override
        public Integer call() throws Exception {
            SearchBench.run(
                    pages,
                    concurrency,
                    seconds,
                    crawlSeconds,
                    elasticsearch,
                    analyzer,
                    only,
                    workerJvmOptions,
                    elasticsearchPid < 0 ? ProcessCpu.none() : ProcessCpu.of(elasticsearchPid));
            return 0;
        }
    }
}
