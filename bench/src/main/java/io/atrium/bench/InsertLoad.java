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

    private InsertLoad() {
    }

    static void run(Options options) throws Exception {
        String url = options.require("jdbc");
        String user = options.get("user", "root");
        String password = options.get("password", "");
        int clients = options.integer("clients", 16);
        int seconds = options.integer("seconds", 20);
        int warmup = options.integer("warmup", 3);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_insert");
            s.execute("CREATE TABLE bench_insert (id BIGINT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL, payload BLOB NOT NULL)");
        }
        LoadRun.Result result = LoadRun.run(clients, warmup, seconds, "insert", (latencies, measuring, stop) -> {
            byte[] payload = new byte[1024];
            new Random().nextBytes(payload);
            try (Connection c = DriverManager.getConnection(url, user, password);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO bench_insert (token, payload) VALUES (?, ?)")) {
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
            throw new IllegalStateException("insert load failed", result.errors().get(0));
        }
        System.out.printf("inserts: clients=%d seconds=%.1f %s%n", clients, result.seconds(), result.summary("commits"));
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_insert");
        }
    }
}
