package io.atrium.kurrentdb.protocoldouble;

import io.atrium.kurrentdb.protocoldouble.EventLog.Expected;
import io.atrium.kurrentdb.protocoldouble.EventLog.ProposedEvent;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A <b>protocol double</b> of KurrentDB (EventStoreDB): an in-process gRPC server for the part of
 * KurrentDB's protocol that the official Java client {@code io.kurrent:kurrentdb-client:1.1.0} uses,
 * built on the service bases generated into that client's jar. It is a test double, not a database:
 * everything lives in memory for as long as the object does. The event store's contract tests run
 * against it because no KurrentDB server can run where this project is built.
 *
 * <h2>What the double checks, as the client observes it</h2>
 *
 * <ul>
 *   <li><b>Server features.</b> It advertises {@code Streams.Read/Append/Delete} and version 24.10.0, so
 *       the client appends with {@code Streams.Append} (no batch append, no multi-stream append) and
 *       refuses persistent-subscription calls itself.
 *   <li><b>Append.</b> Expected state {@code any}, {@code no_stream}, {@code stream_exists} or an exact
 *       revision; a mismatch answers {@code WrongExpectedVersion} with the current revision or
 *       {@code current_no_stream}, which the client throws as {@code WrongExpectedVersionException}.
 *       The events of one append are stored under one lock and become visible together. Event ids make
 *       retries idempotent like KurrentDB: ids already stored right after the expected revision (with
 *       {@code any}: wherever the first id sits) answer Success with the original revision and position
 *       and store nothing; a partial match is a wrong expected version. Data and custom metadata bytes
 *       come back verbatim; the content type comes back as {@code application/json} or
 *       {@code application/octet-stream} because KurrentDB keeps only "is JSON"; {@code created} is the
 *       double's clock in ticks since the epoch.
 *   <li><b>{@code $all}.</b> Every event has commit position = prepare position; positions increase
 *       strictly but jump by a made-up record size, so they are not dense. Stream revisions are 0-based
 *       and dense. On start the double writes one {@code $settings} event, and stream metadata is
 *       written as {@code $metadata} events to {@code $$<stream>}, so {@code $all} holds system events
 *       (type starting with {@code $}) for filters to exclude.
 *   <li><b>Stream metadata.</b> {@code $maxCount}, {@code $maxAge} (seconds, against the double's clock)
 *       and {@code $tb} decide which events a stream read or stream subscription shows; reading from an
 *       earlier revision starts at the first visible one. Metadata streams keep only their latest
 *       event, as on the server. {@code $all} still shows everything (there is no scavenge).
 *   <li><b>Reads.</b> Streams forwards/backwards from start, end or a revision, inclusive, with a count;
 *       a missing stream answers a {@code StreamNotFound} message (the client throws
 *       {@code StreamNotFoundException}); with compatibility 1 the double sends
 *       {@code LastStreamPosition} (and {@code FirstStreamPosition} when a forward read starts before
 *       the first visible event). {@code $all} forwards from a position (inclusive) and backwards from a
 *       position (exclusive), optionally filtered.
 *   <li><b>Subscriptions</b> to a stream and to {@code $all}: the confirmation first, then catch-up
 *       from start, end or after the given revision/position (exclusive), then live events in log
 *       order, with one {@code CaughtUp} when catch-up ends. A filtered {@code $all} subscription sends
 *       a {@code Checkpoint} every {@code window × checkpointIntervalMultiplier} events scanned (window:
 *       the filter's max, else 32). Filters match stream name or event type by regex (searched, not
 *       anchored) or by prefixes. Note: client 1.1.0 sends a prefix filter as a regex made of the
 *       prefix text (and with several prefixes, only the last); the double, like the server, does what
 *       the wire says. Subscribers are fed from a cursor into the log only while the transport is ready,
 *       so a slow one cannot make the double buffer without bound; cancellation unregisters it.
 *   <li><b>Delete</b> (soft): writes {@code $tb} past the last event into the stream's metadata; reads
 *       then answer not-found and later appends continue the revisions. A conflict answers
 *       FAILED_PRECONDITION with the {@code wrong-expected-version} trailers the client decodes.
 *   <li><b>Outages.</b> {@link #stopServing()} ends live subscriptions with UNAVAILABLE and closes the
 *       gRPC server (new calls fail UNAVAILABLE); {@link #serveAgain()} listens on the same port with
 *       the same data, and the client reconnects by itself (subscribers must resubscribe). The client gives up for good after {@code maxDiscoverAttempts} (default 3) ×
 *       {@code discoveryInterval} (default 500 ms) of failed reconnects, so tests with longer outages
 *       must raise those in the connection string.
 * </ul>
 *
 * <h2>What only a real server shows</h2>
 *
 * <ul>
 *   <li>{@code Streams.Tombstone} (hard delete), {@code BatchAppend}, multi-stream append, persistent
 *       subscriptions, projections, users, operations and gossip answer UNIMPLEMENTED.
 *   <li>{@code $all} position semantics of a real transaction log: how commit and prepare positions of
 *       a multi-event transaction relate, positions under concurrent writers across a cluster,
 *       chunk boundaries, and what positions survive scavenging.
 *   <li>The real idempotency window: KurrentDB remembers event ids in a bounded cache, so an old retry
 *       may be written twice there; the double remembers every id.
 *   <li>ACLs, authentication, TLS, leader election, gossip, follower reads, NotLeader redirects,
 *       {@code requires-leader}, deadlines enforced by the server, maximum append size.
 *   <li>Scavenging, {@code $maxAge} enforced by scavenge rather than at read time, link events and
 *       {@code resolveLinkTos} (the double stores no links), projections writing system streams,
 *       {@code FellBehind} and the exact timing and spacing of checkpoints.
 * </ul>
 */
public final class KurrentDbProtocolDouble implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final Clock clock = Clock.systemUTC();
    private final EventLog log = new EventLog(clock);
    private final ExecutorService pumpExecutor = Executors.newCachedThreadPool(new DaemonThreads());
    private final StreamsService streams = new StreamsService(log, pumpExecutor, clock);
    private final ServerFeaturesService features = new ServerFeaturesService();
    private final int port;
    private @Nullable Server server;

    private KurrentDbProtocolDouble(int requestedPort) {
        writeInitialSystemEvents();
        Server started = listen(requestedPort);
        this.server = started;
        this.port = started.getPort();
    }

    /** Starts a double on a free port of 127.0.0.1. */
    public static KurrentDbProtocolDouble start() {
        return new KurrentDbProtocolDouble(0);
    }

    /** Starts a double on the given port of 127.0.0.1. */
    public static KurrentDbProtocolDouble start(int port) {
        return new KurrentDbProtocolDouble(port);
    }

    public int port() {
        return port;
    }

    /** A connection string the client accepts; append client settings with {@code &name=value}. */
    public String connectionString() {
        return "kurrentdb://" + HOST + ":" + port + "?tls=false";
    }

    /**
     * Stops serving as a node going down would look to the client: live subscriptions end with
     * UNAVAILABLE (gRPC's own forced shutdown would end them CANCELLED, which the client takes for
     * its own cancel and swallows), calls in flight get a short grace, new calls fail UNAVAILABLE.
     * The data stays.
     */
    public synchronized void stopServing() {
        Server running = server;
        if (running == null) {
            return;
        }
        server = null;
        streams.abortSubscriptions(Status.UNAVAILABLE.withDescription("The KurrentDB protocol double stopped serving"));
        running.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (streams.activeSubscriptions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (!running.awaitTermination(1, TimeUnit.SECONDS)) {
                running.shutdownNow();
                running.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Listens again on the same port, with the same data. */
    public synchronized void serveAgain() {
        if (server == null) {
            server = listen(port);
        }
    }

    /** The number of subscriptions currently fed, to let tests see a cancelled one go away. */
    int activeSubscriptions() {
        return streams.activeSubscriptions();
    }

    /** Events handed to the transport for all subscriptions so far. */
    long subscriptionEventsSent() {
        return streams.subscriptionEventsSent();
    }

    @Override
    public void close() {
        stopServing();
        pumpExecutor.shutdownNow();
    }

    private Server listen(int requestedPort) {
        try {
            return NettyServerBuilder.forAddress(new InetSocketAddress(HOST, requestedPort))
                    .withOption(ChannelOption.SO_REUSEADDR, true)
                    // The client pings every 10 s during calls; gRPC's default would answer too_many_pings.
                    .permitKeepAliveTime(1, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .addService(streams)
                    .addService(features)
                    .fallbackHandlerRegistry(new UnimplementedMethods())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "KurrentDB protocol double cannot listen on " + HOST + ":" + requestedPort, e);
        }
    }

    /** A fresh KurrentDB writes system events before any user event; so does the double. */
    private void writeInitialSystemEvents() {
        byte[] settings = ("{\"$userStreamAcl\":{\"$r\":\"$all\",\"$w\":\"$all\",\"$d\":\"$all\",\"$mr\":\"$all\","
                        + "\"$mw\":\"$all\"},\"$systemStreamAcl\":{\"$r\":\"$admins\",\"$w\":\"$admins\","
                        + "\"$d\":\"$admins\",\"$mr\":\"$admins\",\"$mw\":\"$admins\"}}")
                .getBytes(StandardCharsets.UTF_8);
        log.append(
                "$settings",
                Expected.any(),
                List.of(new ProposedEvent(UUID.randomUUID(), "$settings", true, settings, new byte[0])));
    }

    /** {@code --port N} (default 2113): serves until the process is killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = 2113;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: KurrentDbProtocolDouble [--port N]");
                System.exit(2);
            }
        }
        KurrentDbProtocolDouble server = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kurrentdb-double-shutdown"));
        System.out.println("KurrentDB protocol double listening on " + HOST + ":" + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "kurrentdb-double-pump-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
