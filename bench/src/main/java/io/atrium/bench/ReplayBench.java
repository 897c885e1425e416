package io.atrium.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventMetadata;
import io.atrium.events.TenantId;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramDetailsUpdated;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.PackageFile;
import io.atrium.events.miniprogram.SealedPackage;
import io.atrium.events.miniprogram.VersionApproved;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.events.miniprogram.VersionReleased;
import io.atrium.events.miniprogram.VersionSubmittedForReview;
import io.atrium.events.miniprogram.VersionUploaded;
import io.atrium.projections.apikey.ApiKeyProjection;
import io.atrium.projections.audit.AuditLogProjection;
import io.atrium.projections.catalogue.CatalogueProjection;
import io.atrium.projections.feed.AxonEventFeed;
import io.atrium.projections.hostapp.HostAppProjection;
import io.atrium.projections.readmodel.ReadModelDatabase;
import io.atrium.projections.readmodel.ReadModelProperties;
import io.atrium.projections.runner.OwnConnection;
import io.atrium.projections.runner.Projection;
import io.atrium.projections.runner.ProjectionRunner;
import io.atrium.projections.runner.ReplayProgress;
import io.atrium.projections.runner.Replayer;
import io.atrium.search.crawler.SearchProjection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds N events (mini-programs through their lifecycle, with real metadata) into an event store on
 * MariaDB through Axon's engine, then replays each projection from the first event into a MariaDB
 * read model exactly as {@code POST /admin/projections/{name}/replay} does, and prints events/s.
 */
final class ReplayBench {

    private ReplayBench() {}

    /**
     * The projections run in this JVM, so "the server" of this bench is this process; MariaDB's CPU
     * ({@code database}, when its process is given) is reported beside it.
     */
    static void run(int events, String host, String user, String password, ProcessCpu database) throws Exception {
        ProcessCpu self = ProcessCpu.self();
        String suffix = Long.toHexString(System.nanoTime());
        String eventsDb = "atrium_bench_events_" + suffix;
        String readDb = "atrium_bench_read_" + suffix;
        String server = "jdbc:mariadb://" + host + ":3306/";
        try (Connection c = DriverManager.getConnection(server, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + eventsDb + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            s.execute("CREATE DATABASE " + readDb + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        try (HikariDataSource dataSource = EventStoreDatabase.open(server + eventsDb, user, password, 4)) {
            DataSourceTransactionManager jdbcTx = new DataSourceTransactionManager(dataSource);
            JdbcEventStorageEngine engine = AxonEventStore.engine(
                    dataSource,
                    new SpringTransactionManager(jdbcTx),
                    AxonEventStore.eventSerializer(),
                    AxonEventStore.stateSerializer());
            long seedStart = System.nanoTime();
            seed(engine, new TransactionTemplate(jdbcTx), events);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.printf(
                    "seeded: events=%d seconds=%.1f rate=%.0f/s%n", events, seedSeconds, events / seedSeconds);

            EmbeddedEventStore store =
                    EmbeddedEventStore.builder().storageEngine(engine).build();
            ReadModelDatabase.Opened read = ReadModelDatabase.mysql(
                    new ReadModelProperties.ReadModel("mysql", host, 3306, readDb, user, password, 4));
            DatabaseClient db = DatabaseClient.create(read.connections());
            TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(read.connections()));
            AxonEventFeed feed = new AxonEventFeed(store, Duration.ofMillis(500));
            Replayer replayer = new Replayer(feed, db, tx, read.dialect());
            List<Projection> projections = List.of(
                    new AuditLogProjection(),
                    new CatalogueProjection(),
                    new HostAppProjection(),
                    new ApiKeyProjection(),
                    new SearchProjection());
            double totalSeconds = 0;
            List<String> summary = new ArrayList<>();
            for (Projection projection : projections) {
                ProjectionRunner runner = new ProjectionRunner(
                        projection, feed, new OwnConnection(read.connections().unwrap()));
                ProcessCpu.Window ownCpu = self.start();
                ProcessCpu.Window databaseCpu = database.start();
                long start = System.nanoTime();
                ReplayProgress[] last = {null};
                long[] printed = {0};
                replayer.replay(runner, p -> {
                    last[0] = p;
                    if (System.nanoTime() - printed[0] > 10_000_000_000L) {
                        printed[0] = System.nanoTime();
                        System.out.printf(
                                "  %s: %s %d/%d at %.0f/s%n",
                                p.projection(), p.phase(), p.eventsDone(), p.eventsTotal(), p.eventsPerSecond());
                    }
                });
                double seconds = (System.nanoTime() - start) / 1e9;
                ProcessCpu.Used ownUsed = ownCpu.end();
                ProcessCpu.Used databaseUsed = databaseCpu.end();
                totalSeconds += seconds;
                if (!"done".equals(last[0].phase())) {
                    throw new IllegalStateException("replay of " + projection.name() + " failed: " + last[0].message());
                }
                String line = String.format(
                        "replay %s: events=%d seconds=%.1f rate=%.0f/s",
                        projection.name(), last[0].eventsDone(), seconds, last[0].eventsDone() / seconds);
                System.out.println(line);
                System.out.println("  " + ownUsed.line("replaying JVM", last[0].eventsDone(), "event"));
                System.out.println("  " + databaseUsed.line("MariaDB", last[0].eventsDone(), "event"));
                summary.add(line);
            }
            System.out.printf(
                    "replay all %d, one after another: %.1f s for %d events each (%.0f events/s per projection on average)%n",
                    projections.size(), totalSeconds, events, events * projections.size() / totalSeconds);
            store.shutDown();
            read.connections().dispose();
        } finally {
            try (Connection c = DriverManager.getConnection(server, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + eventsDb);
                s.execute("DROP DATABASE IF EXISTS " + readDb);
            }
        }
    }

    /** Mini-programs through create, upload, submit, approve, release and two edits: eight events each. */
    private static void seed(JdbcEventStorageEngine engine, TransactionTemplate tx, int events) {
        ActorId dev = new ActorId("key-01jd0000000000000000000dev");
        ActorId reviewer = new ActorId("key-01jd000000000000000000revw");
        List<PackageFile> files = List.of(
                new PackageFile("app.json", 120, "a".repeat(64)),
                new PackageFile("app.js", 800, "b".repeat(64)),
                new PackageFile("pages/index/index.fxml", 600, "c".repeat(64)),
                new PackageFile("pages/index/index.js", 900, "d".repeat(64)));
        List<GenericDomainEventMessage<?>> batch = new ArrayList<>(1000);
        int written = 0;
        for (int i = 0; written < events; i++) {
            MiniProgramId mp = new MiniProgramId(String.format("mp-01jd%022d", i));
            VersionNumber v = VersionNumber.of("1.0.0");
            List<AtriumEvent> life = List.of(
                    new MiniProgramCreated(
                            mp,
                            TenantId.DEFAULT,
                            new MiniProgramDetails("Program " + i, "A benchmark program", "tools", List.of("bench")),
                            dev),
                    new VersionUploaded(mp, v, "first", "e".repeat(64), 4096, files, dev),
                    new VersionSubmittedForReview(mp, v, dev),
                    new VersionApproved(
                            mp,
                            v,
                            reviewer,
                            new SealedPackage(
                                    "f".repeat(64),
                                    5000,
                                    "0".repeat(64),
                                    "0123456789abcdef",
                                    "d3JhcHBlZC1kYXRhLWtleS1mb3ItYmVuY2htYXJrLW9ubHk=",
                                    "c2lnbmF0dXJlLWZvci1iZW5jaG1hcmstb25seQ==")),
                    new VersionReleased(mp, v, null, null),
                    new MiniProgramDetailsUpdated(
                            mp, new MiniProgramDetails("Program " + i + "+", "Edited once", "tools", List.of("bench"))),
                    new MiniProgramDetailsUpdated(
                            mp,
                            new MiniProgramDetails("Program " + i + "++", "Edited twice", "tools", List.of("bench"))),
                    new MiniProgramDetailsUpdated(
                            mp, new MiniProgramDetails("Program " + i + "+++", "Edited thrice", "tools", List.of())));
            for (int seq = 0; seq < life.size() && written < events; seq++, written++) {
                AtriumEvent event = life.get(seq);
                batch.add(new GenericDomainEventMessage<>(
                        "MiniProgram",
                        mp.value(),
                        seq,
                        event,
                        MetaData.from(Map.of(
                                EventMetadata.TENANT,
                                "default",
                                EventMetadata.ACTOR,
                                (seq == 3 ? reviewer : dev).value(),
                                EventMetadata.CLIENT_ADDRESS,
                                "10.1.2.3",
                                EventMetadata.CORRELATION_ID,
                                "corr-" + i + "-" + seq,
                                EventMetadata.CAUSATION_ID,
                                "cause-" + i + "-" + seq,
                                EventMetadata.COMMAND_NAME,
                                event.getClass().getSimpleName()))));
                if (batch.size() == 1000) {
                    flush(engine, tx, batch);
                }
            }
        }
        flush(engine, tx, batch);
    }

    private static void flush(
            JdbcEventStorageEngine engine, TransactionTemplate tx, List<GenericDomainEventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<GenericDomainEventMessage<?>> copy = List.copyOf(batch);
        tx.executeWithoutResult(status -> engine.appendEvents(copy));
        batch.clear();
    }
}
