package io.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.command.member.PasswordHasher;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What a member's login costs. One member per client (so no account's lockout counter or session
 * rows are shared between clients), each client logging its member in again and again with the right
 * password; then, in the same run and on the same server, the same clients sending an API-key
 * authenticated read ({@code GET /api/v1/mini-programs?size=1}) as the baseline of a request that
 * costs no password check. Every answer is checked: a login must be a 200 with an {@code atm_} access
 * and an {@code atmr_} refresh token, a read a 200; any other answer makes the run not valid. Last, the
 * Argon2id hash alone, in this JVM on one thread, for the configured parameters and OWASP's
 * equivalent alternatives, so the choice can be argued with figures from the same machine.
 */
final class LoginLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench passphrase kept long 2026";

    /** OWASP's Argon2id settings of equal strength (Password Storage Cheat Sheet), ours first. */
    static final List<PasswordHasher.Parameters> PARAMETERS = List.of(
            new PasswordHasher.Parameters(19_456, 2, 1),
            new PasswordHasher.Parameters(47_104, 1, 1),
            new PasswordHasher.Parameters(12_288, 3, 1),
            new PasswordHasher.Parameters(9_216, 4, 1),
            new PasswordHasher.Parameters(7_168, 5, 1));

    private final URI base;
    private final ThreadLocal<PlainHttpConnection> connections;

    private LoginLoad(String url) {
        this.base = URI.create(url);
        this.connections = ThreadLocal.withInitial(() -> new PlainHttpConnection(base));
    }

    static int run(String url, String owner, int clients, int seconds, int warmup, int hashes, ProcessCpu server)
            throws Exception {
        LoginLoad load = new LoginLoad(url);
        List<String> emails = load.members(owner, clients);
        System.out.printf("login: %d members invited and set up, one per client%n", clients);

        AtomicLong loginFailures = new AtomicLong();
        LoadRun.Result logins = LoadRun.run(clients, warmup, seconds, "login", server, (latencies, measuring, stop) -> {
            int me = Integer.parseInt(Thread.currentThread().getName().substring("login-".length()));
            byte[] body =
                    JSON.writeValueAsBytes(Map.of("tenant", "default", "email", emails.get(me), "password", PASSWORD));
            while (!stop.get()) {
                load.timed(latencies, measuring, loginFailures, "POST", "/api/v1/auth/login", null, body, true);
            }
        });
        AtomicLong readFailures = new AtomicLong();
        LoadRun.Result reads = LoadRun.run(clients, warmup, seconds, "read", server, (latencies, measuring, stop) -> {
            while (!stop.get()) {
                load.timed(
                        latencies,
                        measuring,
                        readFailures,
                        "GET",
                        "/api/v1/mini-programs?page=0&size=1",
                        owner,
                        null,
                        false);
            }
        });

        System.out.printf(
                "logins: clients=%d seconds=%.1f failures=%d errors=%d %s%n",
                clients, logins.seconds(), loginFailures.get(), logins.errors().size(), logins.summary("logins"));
        System.out.println(logins.serverCpu().line("server", logins.sortedMicros().length, "login"));
        System.out.printf(
                "key reads (baseline): clients=%d seconds=%.1f failures=%d errors=%d %s%n",
                clients, reads.seconds(), readFailures.get(), reads.errors().size(), reads.summary("reads"));
        System.out.println(reads.serverCpu().line("server", reads.sortedMicros().length, "read"));
        double loginCpu = perOperation(logins);
        double readCpu = perOperation(reads);
        System.out.printf(
                "login minus key read: %.3f ms server CPU per operation, p50 %.2f ms, p99 %.2f ms%n",
                loginCpu - readCpu,
                Latencies.percentileMillis(logins.sortedMicros(), 50)
                        - Latencies.percentileMillis(reads.sortedMicros(), 50),
                Latencies.percentileMillis(logins.sortedMicros(), 99)
                        - Latencies.percentileMillis(reads.sortedMicros(), 99));

        System.out.printf("argon2id in this JVM, one thread, %d hashes after %d warm-up (verify = hash):%n", hashes, 5);
        for (PasswordHasher.Parameters parameters : PARAMETERS) {
            hashCost(parameters, hashes);
        }
        // The server hashes on every core at once; Argon2 is memory-bound, so a hash costs more CPU
        // when the cores share the memory bus (and, on a virtual machine, perhaps a physical core).
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("argon2id in this JVM, %d threads at once, %d hashes each:%n", cores, hashes);
        concurrentHashCost(PARAMETERS.get(0), cores, hashes);

        List<String> invalid = new ArrayList<>();
        if (loginFailures.get() > 0 || !logins.errors().isEmpty()) {
            invalid.add(loginFailures.get() + " login answers were wrong and "
                    + logins.errors().size() + " clients failed");
        }
        if (readFailures.get() > 0 || !reads.errors().isEmpty()) {
            invalid.add(readFailures.get() + " read answers were wrong and "
                    + reads.errors().size() + " clients failed");
        }
        if (logins.sortedMicros().length < 20 || reads.sortedMicros().length < 20) {
            invalid.add("too few operations in a window to give a p99");
        }
        if (!invalid.isEmpty()) {
            System.out.println("NOT VALID: " + String.join("; ", invalid));
            return 1;
        }
        return 0;
    }

    private static double perOperation(LoadRun.Result result) {
        return result.serverCpu().cpuSeconds() * 1000 / Math.max(1, result.sortedMicros().length);
    }

    /** One thread's hashing time and this JVM's CPU per hash for {@code parameters}. */
    private static void hashCost(PasswordHasher.Parameters parameters, int hashes) {
        PasswordHasher hasher = new PasswordHasher(parameters);
        String phc = hasher.hash(PASSWORD);
        for (int i = 0; i < 5; i++) {
            if (!hasher.verify(PASSWORD, phc)) {
                throw new IllegalStateException("a hash did not verify with " + parameters);
            }
        }
        ProcessCpu.Window cpu = ProcessCpu.self().start();
        long start = System.nanoTime();
        for (int i = 0; i < hashes; i++) {
            if (!hasher.verify(PASSWORD, phc)) {
                throw new IllegalStateException("a hash did not verify with " + parameters);
            }
        }
        double wallMillis = (System.nanoTime() - start) / 1e6 / hashes;
        ProcessCpu.Used used = cpu.end();
        System.out.printf(
                "  %-18s %7.2f ms per hash (wall), %7.2f ms CPU per hash, %5.1f hashes/s per core, %5.1f MiB each%n",
                parameters,
                wallMillis,
                used.cpuSeconds() * 1000 / hashes,
                1000 / wallMillis,
                parameters.memoryKib() / 1024.0);
    }

    /** The CPU per hash and the hashes per second when {@code threads} threads hash at once. */
    private static void concurrentHashCost(PasswordHasher.Parameters parameters, int threads, int hashes)
            throws InterruptedException {
        PasswordHasher hasher = new PasswordHasher(parameters);
        String phc = hasher.hash(PASSWORD);
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        AtomicLong wrong = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    hasher.verify(PASSWORD, phc);
                }
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < hashes; i++) {
                    if (!hasher.verify(PASSWORD, phc)) {
                        wrong.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        ready.await();
        ProcessCpu.Window cpu = ProcessCpu.self().start();
        long start = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessCpu.Used used = cpu.end();
        if (wrong.get() > 0) {
            throw new IllegalStateException(wrong.get() + " hashes did not verify with " + parameters);
        }
        int total = threads * hashes;
        System.out.printf(
                "  %-18s %7.2f ms CPU per hash, %5.1f hashes/s in all, %5.1f MiB in use at once%n",
                parameters,
                used.cpuSeconds() * 1000 / total,
                total / seconds,
                threads * parameters.memoryKib() / 1024.0);
    }

    /** Invites {@code count} members with the owner key and sets each one's password. */
    private List<String> members(String owner, int count) throws IOException {
        String run = Long.toString(System.nanoTime(), 36);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String email = "bench-" + run + "-" + i + "@bench.example";
            JsonNode invited = expect(
                    202,
                    "POST",
                    "/api/v1/members",
                    owner,
                    Map.of("email", email, "displayName", "Bench " + i, "roles", List.of("developer")));
            expect(
                    200,
                    "POST",
                    "/api/v1/auth/invitations/accept",
                    null,
                    Map.of("token", invited.get("invitationToken").asText(), "password", PASSWORD));
            emails.add(email);
        }
        return emails;
    }

    private JsonNode expect(int status, String method, String path, @Nullable String key, Object body)
            throws IOException {
        PlainHttpConnection.Response response =
                connections.get().exchange(method, path, key, "application/json", JSON.writeValueAsBytes(body));
        if (response.status() != status) {
            throw new IllegalStateException(method + " " + path + " answered " + response.status() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    /** One request, its latency recorded when inside the window, its answer checked either way. */
    private void timed(
            Latencies latencies,
            java.util.concurrent.atomic.AtomicBoolean measuring,
            AtomicLong failures,
            String method,
            String path,
            @Nullable String key,
            byte @Nullable [] body,
            boolean login) {
        boolean counted = measuring.get();
        long start = System.nanoTime();
        try {
            PlainHttpConnection.Response response =
                    connections.get().exchange(method, path, key, "application/json", body);
            long micros = (System.nanoTime() - start) / 1000;
            boolean right = response.status() == 200 && (!login || tokens(response.body()));
            if (!right) {
                failures.incrementAndGet();
                return;
            }
            if (counted && measuring.get()) {
                latencies.add(micros);
            }
        } catch (IOException e) {
            connections.get().close();
            failures.incrementAndGet();
        }
    }

    private static boolean tokens(byte[] body) throws IOException {
        JsonNode answer = JSON.readTree(body);
        return answer.path("accessToken").asText().startsWith("atm_")
                && answer.path("refreshToken").asText().startsWith("atmr_");
    }
}
