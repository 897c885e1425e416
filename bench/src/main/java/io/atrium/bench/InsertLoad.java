package io.atrium.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

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
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Latencies> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            new Thread(() -> {
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
                            mine.add((System.nanoTime() - start) / 1000);
                        }
                    }
                } catch (SQLException e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }, "insert-" + i).start();
        }
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        done.await();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("insert load failed", errors.get(0));
        }
        long[] sorted = Latencies.merged(latencies);
        System.out.printf("inserts: clients=%d seconds=%.1f commits=%d rate=%.1f/s p50=%.2fms p99=%.2fms%n",
                clients, elapsed / 1e9, sorted.length, sorted.length / (elapsed / 1e9), Latencies.percentileMillis(sorted, 50),
                Latencies.percentileMillis(sorted, 99));
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_insert");
        }
    }
}
