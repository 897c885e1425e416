package io.atrium.server.cluster;

import io.atrium.server.AtriumApplication;
import io.atrium.server.support.TestMariaDb;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Atrium nodes as real, separate JVM processes on one shared MariaDB event store, one read-model
 * database, one data folder, one Kafka topic and one Elasticsearch index, so that a node can be
 * killed with {@code kill -9} and what survives is what the databases and the broker hold.
 *
 * <p>Each node's output goes to {@code target/cluster-logs/<test>-<node>.log}; a wait that fails
 * throws with the tail of that log. With {@code -Datrium.test.cluster.inprocess=true} the nodes use
 * the in-process event feed instead of Kafka (every node then runs the command side too, see
 * {@link #effectiveRoles}), so the harness can be exercised without the Kafka feed.
 */
public final class ClusterNodes implements AutoCloseable {

    static final String MARIADB = TestMariaDb.URL;
    static final String USER = TestMariaDb.USER;
    static final String PASSWORD = TestMariaDb.PASSWORD;
    static final String KAFKA = System.getenv().getOrDefault("ATRIUM_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final String ELASTICSEARCH =
            System.getenv().getOrDefault("ATRIUM_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200");
    /** The harness check: every node on the in-process feed, no Kafka involved. */
    public static final boolean IN_PROCESS = Boolean.getBoolean("atrium.test.cluster.inprocess");

    public static final int LEASE_SECONDS = 4;
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final int LOG_TAIL_LINES = 80;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One process, and how to start it again. */
    record Node(
            String name, List<String> arguments, Map<String, String> environment, Path log, int port, Process process) {
        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final String test;
    private final String eventStoreDatabase;
    private final String readModelDatabase;
    private final String topic;
    private final String searchIndex;
    private final String ownerKey;
    private final Path dataDir;
    private final Path logDir;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, String> roles = new ConcurrentHashMap<>();
    private final List<String> extraDatabases = new ArrayList<>();

    private ClusterNodes(String test) {
        this.test = test;
        String run = Long.toHexString(System.currentTimeMillis()) + Long.toHexString(System.nanoTime() & 0xffff);
        this.eventStoreDatabase = "atrium_cluster_" + run;
        this.readModelDatabase = eventStoreDatabase + "_read";
        this.topic = "atrium.test." + test.toLowerCase(Locale.ROOT) + "." + run;
        this.searchIndex = "atrium-test-" + test.toLowerCase(Locale.ROOT) + "-" + run;
        this.ownerKey = "cluster-owner-key-" + run;
        Path target = Path.of("target").toAbsolutePath();
        this.dataDir = target.resolve("cluster-data").resolve(test + "-" + run);
        this.logDir = target.resolve("cluster-logs");
    }

    /** Creates the cluster's two databases and its data folder; no node runs yet. */
    public static ClusterNodes create(String test) {
        ClusterNodes cluster = new ClusterNodes(test);
        cluster.createDatabase(cluster.eventStoreDatabase);
        cluster.createDatabase(cluster.readModelDatabase);
        try {
            Files.createDirectories(cluster.dataDir);
            Files.createDirectories(cluster.logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cluster;
    }

    // ---- what the cluster shares ----

    public String ownerKey() {
        return ownerKey;
    }

    public String eventStoreDatabase() {
        return eventStoreDatabase;
    }

    public String readModelDatabase() {
        return readModelDatabase;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String topic() {
        return topic;
    }

    public String test() {
        return test;
    }

    public static Connection connect(String database) throws SQLException {
        return TestMariaDb.connect(database);
    }

    public void createDatabase(String database) {
        TestMariaDb.create(database);
        if (!database.equals(eventStoreDatabase) && !database.equals(readModelDatabase)) {
            extraDatabases.add(database);
        }
    }

    public static void dropDatabase(String database) {
        TestMariaDb.drop(database);
    }

    // ---- nodes ----

    /** Starts one node and waits until it is up. */
    public void start(String name, String nodeRoles) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put(name, nodeRoles);
        startAll(one);
    }

    /**
     * Starts the nodes, in parallel where they may. First the first command node alone: each command
     * node makes the bootstrap key an owner key when it finds it missing, and two doing so at once
     * race on its unique hash. Then the first node that searches (projections or query) alone: each
     * creates the Elasticsearch index when it finds it missing, and in this build two doing so at once
     * make one fail its start with resource_already_exists_exception. Then all the others together.
     */
    public void startAll(Map<String, String> nameToRoles) {
        List<String> names = new ArrayList<>(nameToRoles.keySet());
        if (nodes.isEmpty()) {
            for (String role : List.of("command", "search")) {
                String first = names.stream()
                        .filter(n -> role.equals("search")
                                ? roleList(nameToRoles.get(n)).stream()
                                        .anyMatch(r -> r.equals("projections") || r.equals("query"))
                                : roleList(nameToRoles.get(n)).contains(role))
                        .findFirst()
                        .orElse(null);
                if (first != null) {
                    roles.put(first, nameToRoles.get(first));
                    awaitUp(launch(first, clusterArguments(first, nameToRoles.get(first)), clusterEnvironment()));
                    names.remove(first);
                }
            }
        }
        List<Node> launched = new ArrayList<>();
        for (String name : names) {
            roles.put(name, nameToRoles.get(name));
            launched.add(launch(name, clusterArguments(name, nameToRoles.get(name)), clusterEnvironment()));
        }
        // Nodes started together share the cores: each gets its own start time, one after another.
        Duration budget = START_TIMEOUT.multipliedBy(Math.max(1, launched.size()));
        for (Node node : launched) {
            awaitUp(node, budget);
        }
    }

    /** {@code kill -9}: the process gets no chance to finish anything. */
    public void kill9(String name) {
        Node node = node(name);
        node.process().destroyForcibly();
        try {
            if (!node.process().waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a stopped or killed node again with the settings it had, on a new port, and waits until it is up. */
    public void restart(String name) {
        Node old = node(name);
        if (old.process().isAlive()) {
            throw new IllegalStateException(name + " still runs; kill or stop it first");
        }
        List<String> arguments = new ArrayList<>(old.arguments());
        int port = freePort();
        arguments.replaceAll(a -> a.startsWith("--server.port=") ? "--server.port=" + port : a);
        awaitUp(launch(name, arguments, old.environment(), port));
    }

    public String baseUrl(String name) {
        return node(name).baseUrl();
    }

    public boolean isAlive(String name) {
        return node(name).process().isAlive();
    }

    Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node '" + name + "' (nodes: " + nodes.keySet() + ")");
        }
        return node;
    }

    /** Stops every node: SIGTERM, then SIGKILL for those still running after a grace. */
    public void stopAll() {
        for (Node node : nodes.values()) {
            node.process().destroy();
        }
        for (Node node : nodes.values()) {
            stop(node);
        }
    }

    static void stop(Node node) {
        try {
            if (!node.process().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                node.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the nodes, then drops the databases and the data folder (kept with -Datrium.test.cluster.keep=true). */
    @Override
    public void close() {
        stopAll();
        if (Boolean.getBoolean("atrium.test.cluster.keep")) {
            return;
        }
        dropDatabase(eventStoreDatabase);
        dropDatabase(readModelDatabase);
        extraDatabases.forEach(ClusterNodes::dropDatabase);
        deleteTree(dataDir);
        deleteSearchIndex();
    }

    private void deleteSearchIndex() {
        try {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(ELASTICSEARCH + "/" + searchIndex))
                            .timeout(Duration.ofSeconds(10))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // Elasticsearch is gone; nothing is left in it to delete.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- how a node is started ----

    private List<String> clusterArguments(String name, String nodeRoles) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + freePort());
        args.add("--atrium.node-id=" + name);
        args.add("--atrium.roles=" + effectiveRoles(nodeRoles));
        args.add("--atrium.data-dir=" + dataDir);
        args.addAll(eventStoreArguments());
        args.addAll(readModelArguments(readModelDatabase));
        args.add("--atrium.event-feed.kind=" + (IN_PROCESS ? "in-process" : "kafka"));
        args.add("--atrium.kafka.bootstrap-servers=" + KAFKA);
        args.add("--atrium.kafka.topic=" + topic);
        args.add("--atrium.relay.lease-seconds=" + LEASE_SECONDS);
        args.add("--atrium.search.index=elasticsearch");
        args.add("--atrium.search.elasticsearch.url=" + ELASTICSEARCH);
        args.add("--atrium.search.elasticsearch.index-name=" + searchIndex);
        args.add("--atrium.search.elasticsearch.analyzer=standard");
        args.addAll(commonArguments());
        return args;
    }

    /**
     * On the in-process feed every node runs the command side as well: projections read the event
     * store in their own process, and a build without cluster mode starts no node without the
     * command side (its adapters need the event store). With Kafka the roles are as asked.
     */
    static String effectiveRoles(String nodeRoles) {
        List<String> asked = roleList(nodeRoles);
        if (IN_PROCESS && !asked.contains("command")) {
            List<String> with = new ArrayList<>(asked);
            with.add(0, "command");
            return String.join(",", with);
        }
        return nodeRoles;
    }

    static List<String> roleList(String nodeRoles) {
        return Arrays.stream(nodeRoles.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    List<String> eventStoreArguments() {
        return List.of(
                "--atrium.event-store.kind=jdbc",
                "--atrium.event-store.url=" + MARIADB + eventStoreDatabase,
                "--atrium.event-store.username=" + USER,
                "--atrium.event-store.password=" + PASSWORD);
    }

    static List<String> readModelArguments(String database) {
        URI server = URI.create(MARIADB.substring("jdbc:".length()));
        return List.of(
                "--atrium.read-model.kind=mysql",
                "--atrium.read-model.host=" + server.getHost(),
                "--atrium.read-model.port=" + (server.getPort() < 0 ? 3306 : server.getPort()),
                "--atrium.read-model.database=" + database,
                "--atrium.read-model.username=" + USER,
                "--atrium.read-model.password=" + PASSWORD);
    }

    static List<String> commonArguments() {
        return List.of(
                // Crawls in the node's own heap: a worker JVM per crawl is more than two cores carry
                // beside six nodes, and a kill -9 of the node would leave that worker behind.
                "--atrium.search.crawl.worker=in-process",
                // Six processes share one MariaDB (151 connections by default, and other tests use it
                // too): small pools, and no more command threads than event-store connections.
                "--atrium.event-store.max-pool-size=3",
                "--atrium.commands.threads=2",
                "--atrium.read-model.pool-size=2",
                // The harness stops nodes itself; a graceful stop would wait out open client connections.
                "--server.shutdown=immediate");
    }

    private Map<String, String> clusterEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ATRIUM_BOOTSTRAP_API_KEY", ownerKey);
        return env;
    }

    /** Starts a process of the server with these arguments (and a port among them); does not wait. */
    Node launch(String name, List<String> arguments, Map<String, String> environment) {
        int port = arguments.stream()
                .filter(a -> a.startsWith("--server.port="))
                .map(a -> Integer.parseInt(a.substring("--server.port=".length())))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no --server.port= among " + arguments));
        return launch(name, arguments, environment, port);
    }

    private Node launch(String name, List<String> arguments, Map<String, String> environment, int port) {
        Path log = logDir.resolve(test + "-" + name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // The client compiler only: on two cores shared by six JVMs the optimising compiler's work at
        // start-up is what makes a start take minutes, and these nodes never run long enough to gain.
        command.add("-XX:TieredStopAtLevel=1");
        // A classpath of a few hundred jars is passed in a file rather than on the command line.
        command.add("@" + classpathFile());
        command.add(AtriumApplication.class.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only what the harness says configures the node, not ATRIUM_* variables of whoever runs the tests.
        builder.environment().keySet().removeIf(k -> k.startsWith("ATRIUM_") && !k.startsWith("ATRIUM_TEST_"));
        builder.environment().putAll(environment);
        try {
            Files.writeString(
                    log,
                    "\n===== " + name + " starting: " + String.join(" ", arguments) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Node node = new Node(name, List.copyOf(arguments), Map.copyOf(environment), log, port, builder.start());
            nodes.put(name, node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + name, e);
        }
    }

    private Path classpathFile() {
        Path file = logDir.resolve(test + ".classpath");
        if (Files.exists(file)) {
            return file;
        }
        // The server's main classes and libraries; not this module's test classes, whose test
        // configurations the application's component scan would otherwise pick up.
        String testClasses;
        try {
            testClasses = Path.of(ClusterNodes.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(testClasses))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        try {
            Files.writeString(file, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits until the node's health is UP; throws with its log's tail when it dies or takes too long. */
    void awaitUp(Node node) {
        awaitUp(node, START_TIMEOUT);
    }

    private void awaitUp(Node node, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException("node " + node.name() + " exited with "
                        + node.process().exitValue() + " before it was up; its log ends:\n" + tail(node.log()));
            }
            if (failedToStart(node.log())) {
                // Threads the failed start left behind may keep the JVM alive: do not wait them out.
                node.process().destroyForcibly();
                throw new IllegalStateException(
                        "node " + node.name() + " failed to start; its log ends:\n" + tail(node.log()));
            }
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("node " + node.name() + " was not UP within " + timeout.toSeconds()
                + " s; its log ends:\n" + tail(node.log()));
    }

    /** Whether the log's last start (the lines after the harness's last start marker) reports a failed run. */
    static boolean failedToStart(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            String last = text.substring(Math.max(0, text.lastIndexOf("\n===== ")));
            return last.contains("Application run failed") || last.contains("APPLICATION FAILED TO START");
        } catch (IOException e) {
            return false;
        }
    }

    public String logTail(String name) {
        return tail(node(name).log());
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the broker ----

    /**
     * Whether a Kafka broker answers at the bootstrap address: an ApiVersions request (v0, which
     * every broker answers, if only with an error code) over a plain socket, so the check needs no
     * Kafka client on the test classpath.
     */
    public static boolean kafkaAnswers() {
        for (String address : KAFKA.split(",")) {
            String hostPort = address.strip();
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 9092 : Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 2000);
                socket.setSoTimeout(3000);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                byte[] client = "atrium-cluster-test".getBytes(StandardCharsets.UTF_8);
                out.writeInt(2 + 2 + 4 + 2 + client.length);
                out.writeShort(18); // ApiVersions
                out.writeShort(0);
                out.writeInt(4242);
                out.writeShort(client.length);
                out.write(client);
                out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int size = in.readInt();
                int correlation = in.readInt();
                if (size >= 6 && correlation == 4242) {
                    return true;
                }
            } catch (IOException e) {
                // try the next address
            }
        }
        return false;
    }

    /** The repository's root: the parent of the server module, where the tests run. */
    public static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts").resolve("services"))) {
                return p;
            }
        }
        throw new IllegalStateException("no scripts/services above " + here);
    }

    /**
     * Runs {@code scripts/services <subcommand>} and fails with its output unless it exits 0. The
     * output goes to a file, not a pipe: a broker it starts in the background would keep a pipe open.
     */
    public static void services(String subcommand) {
        Path root = repositoryRoot();
        Path output = Path.of("target", "cluster-logs", "services-" + subcommand + ".log")
                .toAbsolutePath();
        try {
            Files.createDirectories(output.getParent());
            Process process = new ProcessBuilder(
                            root.resolve("scripts").resolve("services").toString(), subcommand)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "scripts/services " + subcommand + " did not end within 180 s:\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "scripts/services " + subcommand + " exited " + process.exitValue() + ":\n" + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
