package io.atrium.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/**
 * The database's own commit rate: N clients, each on its own connection, each inserting one row of
 * about the size of an event (1 KiB payload) and committing, in a loop. This is the physical limit
 * the command rate is compared against.
 */
final class InsertLoad {

    private InsertLoad() {}

    /** {@code database} is the database server's process (for H2, which runs in this JVM, this JVM). */
    static int run(String url, String user, String password, int clients, int seconds, int warmup, ProcessCpu database)
            throws Exception {
        ProcessCpu server = database.present() || !url.startsWith("jdbc:h2:") ? database : ProcessCpu.self();
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_insert");
            s.execute(
                    "CREATE TABLE bench_insert (id BIGINT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL, payload BLOB NOT NULL)");
        }
        LoadRun.Result result =
                LoadRun.run(clients, warmup, seconds, "insert", server, (latencies, measuring, stop) -> {
                    byte[] payload = new byte[1024];
                    new Random().nextBytes(payload);
                    try (Connection c = DriverManager.getConnection(url, user, password);
                            PreparedStatement insert =
                                    c.prepareStatement("INSERT INTO bench_insert (token, payload) VALUES (?, ?)")) {
                        c.setAutoCommit(false);
                        long n = 0;
                        while (!stop.get()) {
                            boolean counted = measuring.get();
                            long start = System.nanoTime();
                            insert.setString(1, Thread.currentThread().getName() + "-" + n++);
                            insert.setBytes(2, payload);
                            insert.executeUpdate();
                            c.commit();
                            if (counted && measuring.get()) {
                                latencies.add((System.nanoTime() - start) / 1000);
                            }
                        }
                    }
                });
        if (!result.errors().isEmpty()) {
            throw new IllegalStateException(
                    "insert load failed", result.errors().get(0));
        }
        System.out.printf(
                "inserts: clients=%d seconds=%.1f %s%n", clients, result.seconds(), result.summary("commits"));
        System.out.println(result.serverCpu().line("database", result.sortedMicros().length, "commit"));
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_insert");
        }
        return 0;
    }
}
