package io.atrium.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The manifest load: a small wrk-like client (non-blocking sockets, one selector per thread, one
 * request in flight per keep-alive connection) that signs every request as it sends it, with a fresh
 * nonce and the current time, so nothing is prepared before the clock starts and no thread can run
 * out of requests. Each request asks for a random (host app, mini-program, device type) of the setup;
 * each answer must be a 200 whose body names that mini-program and the version its device type must
 * get. Against nginx the client does the same work (signs, sends the same headers and body) and asks
 * for the stored answer of the same triple.
 *
 * <p>The window is a fixed span of wall-clock time after the warm-up: an answer counts when it
 * arrives inside it, and the server's CPU is read from /proc right before it opens and right after
 * it closes. Any answer other than a right 200, any connection error, at any time of the run, or
 * fewer than {@code minRequests} answers in the window make the run not valid (exit 1).
 */
final class ManifestLoad {

    static final String PATH = "/sdk/v1/manifest";

    /** What is driven. */
    enum Target {
        atrium,
        nginx
    }

    private ManifestLoad() {}

    /** The request body a host sends for one user. */
    static byte[] body(String app, String mp, String userId, String device) {
        return ("{\"hostAppId\":\"" + app + "\",\"miniProgramId\":\"" + mp + "\",\"user\":{\"userId\":\"" + userId
                        + "\",\"deviceType\":\"" + device + "\",\"osVersion\":\"17.4\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether an answer body names the mini-program and the version expected. */
    static boolean answers(byte[] body, String mp, String version) {
        return indexOf(body, 0, body.length, ("\"miniProgramId\":\"" + mp + "\"").getBytes(StandardCharsets.UTF_8)) >= 0
                && indexOf(body, 0, body.length, ("\"version\":\"" + version + "\"").getBytes(StandardCharsets.UTF_8))
                        >= 0;
    }

    /** The bundle id every bench host app registers and signs with. */
    static final String BUNDLE = "com.example.bench";

    /** HMAC-SHA256 request signing as {@code HostSignatures} checks it, with Mac and digest instances kept per thread. */
    static final class Signer {
        private final MessageDigest sha256;
        private final Mac[] macs;

        Signer(List<String> secrets) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                macs = new Mac[secrets.size()];
                for (int i = 0; i < macs.length; i++) {
                    macs[i] = Mac.getInstance("HmacSHA256");
                    macs[i].init(new SecretKeySpec(secrets.get(i).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] sign(int host, String timestamp, String nonce, byte[] body) {
            String canonical = timestamp + "\n" + nonce + "\nPOST\n" + PATH + "\n" + BUNDLE + "\n"
                    + HexFormat.of().formatHex(sha256.digest(body));
            return macs[host].doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] sign(String secret, String timestamp, String nonce, byte[] body) {
            return new Signer(List.of(secret)).sign(0, timestamp, nonce, body);
        }

        static String hex(byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
    }

    record Setup(List<String> programs, List<String> hosts, List<String> secrets) {
        static Setup read(Path file) throws IOException {
            List<String> programs = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                if (f[0].equals("program")) {
                    programs.add(f[1]);
                } else if (f[0].equals("host")) {
                    hosts.add(f[1]);
                    secrets.add(f[2]);
                }
            }
            if (programs.isEmpty() || hosts.isEmpty()) {
                throw new IllegalArgumentException(file + " names no mini-program or no host app");
            }
            return new Setup(List.copyOf(programs), List.copyOf(hosts), List.copyOf(secrets));
        }
    }

    /** Counters shared by the client threads. */
    static final class Tally {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong notOk = new AtomicLong();
        final AtomicLong wrongBody = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final List<String> samples = new ArrayList<>();

        void sample(String what) {
            synchronized (samples) {
                if (samples.size() < 5) {
                    samples.add(what);
                }
            }
        }
    }

    /** Slices of the warm-up compared to tell whether the server has settled. */
    static final int SLICE_SECONDS = 5;

    /**
     * At least {@code minSeconds}, then {@value #SLICE_SECONDS}-second slices until the server has
     * settled, or until {@code maxSeconds}. A JVM has settled when its JIT compiler threads used under
     * 2 % of a core over a slice (on the loaded machine they were still busy after 30 s, and the CPU
     * per answer fell by more than half after that; comparing slices' CPU per answer alone was fooled
     * by noise); a server without compiler threads (nginx) when a slice costs within 10 % of the CPU
     * per answer of the slice before, or, without a server process, answers at a rate within 10 %.
     * Each slice is printed, so the warm-up curve is on the record.
     */
    private static void warmUp(Target target, Tally tally, ProcessCpu server, int minSeconds, int maxSeconds)
            throws InterruptedException {
        long begin = System.nanoTime();
        Thread.sleep(Math.max(0, minSeconds - SLICE_SECONDS) * 1000L);
        double previous = Double.NaN;
        while (true) {
            long answers = tally.ok.get();
            ProcessCpu.Window cpu = server.start();
            Thread.sleep(SLICE_SECONDS * 1000L);
            ProcessCpu.Used used = cpu.end();
            double compiler = used.compilerSeconds();
            long n = tally.ok.get() - answers;
            double measure = server.present() ? used.cpuSeconds() * 1e6 / n : -n / used.wallSeconds();
            double elapsed = (System.nanoTime() - begin) / 1e9;
            System.out.printf(
                    "manifest %s: warm-up at %.0f s: %.0f answers/s, server CPU %.1f us per answer (%.2f cores; JIT compiler %s)%n",
                    target,
                    elapsed,
                    n / used.wallSeconds(),
                    server.present() ? used.cpuSeconds() * 1e6 / n : Double.NaN,
                    used.cpuSeconds() / used.wallSeconds(),
                    Double.isNaN(compiler) ? "none" : String.format("%.2f s", compiler));
            boolean settled = Double.isNaN(compiler)
                    ? Math.abs(measure - previous) <= 0.1 * Math.abs(previous)
                    : compiler <= 0.02 * SLICE_SECONDS;
            if (elapsed >= minSeconds && settled) {
                System.out.printf(
                        "manifest %s: settled after %.0f s of warm-up (%s)%n",
                        target,
                        elapsed,
                        Double.isNaN(compiler)
                                ? "two slices within 10 %"
                                : "the JIT compiler threads under 2 % of a core");
                return;
            }
            if (elapsed >= maxSeconds) {
                // A window opened before the server settles would count its start-up: the run is not valid.
                throw new IllegalStateException(String.format(
                        "manifest %s: NOT settled after %.0f s of warm-up (the maximum); the run is not valid",
                        target, elapsed));
            }
            previous = measure;
        }
    }

    static int run(
            String url,
            Path setupFile,
            Target target,
            int connections,
            int threads,
            int warmup,
            int warmupMax,
            int seconds,
            long minRequests,
            ProcessCpu server)
            throws Exception {
        Setup setup = Setup.read(setupFile);
        URI base = URI.create(url);
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Tally tally = new Tally();
        List<Client> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            clients.add(new Client(t, address, target, setup, run, tally));
        }
        for (int c = 0; c < connections; c++) {
            clients.get(c % threads).connect(c);
        }
        System.out.printf(
                "manifest %s: %s, %d connections, %d client thread(s), %d host apps x %d mini-programs x 2 device types, "
                        + "%d-%d s warm-up, %d s measured%n",
                target,
                url,
                connections,
                threads,
                setup.hosts().size(),
                setup.programs().size(),
                warmup,
                warmupMax,
                seconds);
        List<Thread> running = new ArrayList<>();
        for (Client client : clients) {
            Thread thread = new Thread(() -> client.loop(), "manifest-client-" + client.index);
            thread.start();
            running.add(thread);
        }
        ProcessCpu self = ProcessCpu.self();
        warmUp(target, tally, server, warmup, warmupMax);
        ProcessCpu.Window serverCpu = server.start();
        ProcessCpu.Window clientCpu = self.start();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (Client client : clients) {
            client.window(start, end);
        }
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
        ProcessCpu.Used serverUsed = serverCpu.end();
        ProcessCpu.Used clientUsed = clientCpu.end();
        for (Client client : clients) {
            client.stop = true;
            client.selector.wakeup();
        }
        for (Thread thread : running) {
            thread.join(10_000);
        }
        List<Latencies> all = new ArrayList<>();
        long unanswered = 0;
        for (Client client : clients) {
            all.add(client.latencies);
            unanswered += client.inFlightAtEnd;
        }
        long[] sorted = Latencies.merged(all);
        double windowSeconds = (end - start) / 1e9;
        System.out.printf(
                "manifest %s: %,d answers in the %.2f s window = %.0f requests/s; latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                target,
                sorted.length,
                windowSeconds,
                sorted.length / windowSeconds,
                Latencies.percentileMillis(sorted, 50),
                Latencies.percentileMillis(sorted, 99),
                Latencies.percentileMillis(sorted, 99.9),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0);
        System.out.printf(
                "manifest %s: whole run (warm-up, window, drain): %,d right 200s, %d other statuses, %d wrong bodies, %d connection errors, "
                        + "%d requests unanswered at the end%n",
                target, tally.ok.get(), tally.notOk.get(), tally.wrongBody.get(), tally.errors.get(), unanswered);
        System.out.println(serverUsed.line("server (" + target + ")", sorted.length, "request"));
        System.out.println(clientUsed.line("client", sorted.length, "request"));
        for (String sample : tally.samples) {
            System.out.println("  e.g. " + sample);
        }
        List<String> invalid = new ArrayList<>();
        if (tally.notOk.get() > 0) {
            invalid.add(tally.notOk.get() + " answers were not 200");
        }
        if (tally.wrongBody.get() > 0) {
            invalid.add(tally.wrongBody.get() + " answers named the wrong mini-program or version");
        }
        if (tally.errors.get() > 0) {
            invalid.add(tally.errors.get() + " connection errors");
        }
        if (unanswered > 0) {
            invalid.add(unanswered + " requests never answered");
        }
        if (sorted.length < minRequests) {
            invalid.add("only " + sorted.length + " answers in the window (at least " + minRequests + " required)");
        }
        if (server.present() && !(serverUsed.cpuSeconds() > 0)) {
            invalid.add("the server used no CPU in the window: is the pid right?");
        }
        if (!invalid.isEmpty()) {
            System.out.println("manifest " + target + ": NOT VALID: " + String.join("; ", invalid));
            return 1;
        }
        System.out.printf(
                "manifest %s: valid; rate=%.0f p50=%.2f p99=%.2f cpu_ms_per_request=%.4f client_cpu_ms_per_request=%.4f%n",
                target,
                sorted.length / windowSeconds,
                Latencies.percentileMillis(sorted, 50),
                Latencies.percentileMillis(sorted, 99),
                serverUsed.cpuSeconds() * 1000 / sorted.length,
                clientUsed.cpuSeconds() * 1000 / sorted.length);
        return 0;
    }

    /** One client thread: a selector and its share of the connections. */
    private static final class Client {
        final int index;
        final Selector selector;
        final InetSocketAddress address;
        final Target target;
        final Setup setup;
        final String run;
        final Tally tally;
        final Signer signer;
        final SplittableRandom random;
        final Latencies latencies = new Latencies();
        final byte[] hostHeader;
        final List<Connection> connections = new ArrayList<>();
        volatile long windowStart = Long.MAX_VALUE;
        volatile long windowEnd = Long.MAX_VALUE;
        volatile boolean stop;
        long inFlightAtEnd;

        Client(int index, InetSocketAddress address, Target target, Setup setup, String run, Tally tally)
                throws IOException {
            this.index = index;
            this.selector = Selector.open();
            this.address = address;
            this.target = target;
            this.setup = setup;
            this.run = run;
            this.tally = tally;
            this.signer = new Signer(setup.secrets());
            this.random = new SplittableRandom(index * 7919L + System.nanoTime());
            this.hostHeader = (address.getHostString() + ":" + address.getPort()).getBytes(StandardCharsets.US_ASCII);
        }

        void window(long start, long end) {
            windowEnd = end;
            windowStart = start;
        }

        void connect(int id) throws IOException {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
            Connection connection = new Connection(id, channel);
            connection.key = channel.register(selector, 0, connection);
            connections.add(connection);
        }

        void loop() {
            try {
                for (Connection c : connections) {
                    send(c);
                }
                long drainUntil = Long.MAX_VALUE;
                while (true) {
                    if (stop && drainUntil == Long.MAX_VALUE) {
                        drainUntil = System.nanoTime() + 5_000_000_000L;
                    }
                    if (stop && (connections.stream().noneMatch(c -> c.busy) || System.nanoTime() > drainUntil)) {
                        break;
                    }
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isValid() && key.isWritable()) {
                                write(c);
                            }
                            if (key.isValid() && key.isReadable()) {
                                read(c);
                            }
                        } catch (IOException e) {
                            tally.errors.incrementAndGet();
                            tally.sample("connection " + c.id + ": " + e);
                            c.busy = false;
                            key.cancel();
                            c.channel.close();
                        }
                    }
                    selector.selectedKeys().clear();
                }
                for (Connection c : connections) {
                    if (c.busy) {
                        inFlightAtEnd++;
                    }
                    c.channel.close();
                }
                selector.close();
            } catch (IOException e) {
                tally.errors.incrementAndGet();
                tally.sample("client " + index + ": " + e);
            }
        }

        private void send(Connection c) throws IOException {
            if (stop) {
                c.busy = false;
                c.key.interestOps(0);
                return;
            }
            int host = random.nextInt(setup.hosts().size());
            int program = random.nextInt(setup.programs().size());
            boolean gray = (c.sequence & 1) == 0;
            String device = gray ? ManifestSetup.GRAY_DEVICE : "ios";
            String app = setup.hosts().get(host);
            String mp = setup.programs().get(program);
            String nonce = run + "-" + c.id + "-" + Long.toString(c.sequence++, 36);
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            byte[] body = body(app, mp, "user-" + c.id + "-" + c.sequence, device);
            String signature = Signer.hex(signer.sign(host, timestamp, nonce, body));
            String line =
                    target == Target.atrium ? "POST " + PATH : "GET /m/" + app + "/" + mp + "-" + device + ".json";
            byte[] head = (line + " HTTP/1.1\r\nHost: " + new String(hostHeader, StandardCharsets.US_ASCII)
                            + "\r\nX-Atrium-App: " + app
                            + "\r\nX-Atrium-Bundle-Id: " + BUNDLE
                            + "\r\nX-Atrium-Timestamp: " + timestamp + "\r\nX-Atrium-Nonce: " + nonce
                            + "\r\nX-Atrium-Signature: " + signature
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(head.length + body.length);
            out.put(head).put(body).flip();
            c.out = out;
            c.expectMp = ("\"miniProgramId\":\"" + mp + "\"").getBytes(StandardCharsets.US_ASCII);
            c.expectVersion = ("\"version\":\"" + (gray ? ManifestSetup.GRAY : ManifestSetup.RELEASED) + "\"")
                    .getBytes(StandardCharsets.US_ASCII);
            c.sentAt = System.nanoTime();
            c.busy = true;
            write(c);
        }

        private void write(Connection c) throws IOException {
            c.channel.write(c.out);
            c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Connection c) throws IOException {
            if (c.channel.read(c.in) < 0) {
                throw new IOException("closed by the server" + (c.busy ? " with a request in flight" : ""));
            }
            if (c.in.position() == c.in.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
                c.in.flip();
                bigger.put(c.in);
                c.in = bigger;
            }
            byte[] a = c.in.array();
            int filled = c.in.position();
            int headEnd = indexOf(a, 0, filled, CRLFCRLF);
            if (headEnd < 0) {
                return;
            }
            int bodyStart = headEnd + 4;
            int length = contentLength(a, headEnd);
            if (length < 0) {
                throw new IOException(
                        "an answer without Content-Length: " + new String(a, 0, headEnd, StandardCharsets.US_ASCII));
            }
            if (filled < bodyStart + length) {
                return;
            }
            long now = System.nanoTime();
            int status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
            if (status != 200) {
                tally.notOk.incrementAndGet();
                tally.sample("status " + status + ": "
                        + new String(a, bodyStart, Math.min(length, 300), StandardCharsets.UTF_8));
            } else if (indexOf(a, bodyStart, bodyStart + length, c.expectMp) < 0
                    || indexOf(a, bodyStart, bodyStart + length, c.expectVersion) < 0) {
                tally.wrongBody.incrementAndGet();
                tally.sample("wanted " + new String(c.expectMp, StandardCharsets.US_ASCII) + " "
                        + new String(c.expectVersion, StandardCharsets.US_ASCII) + ", got "
                        + new String(a, bodyStart, Math.min(length, 300), StandardCharsets.UTF_8));
            } else {
                tally.ok.incrementAndGet();
                if (now >= windowStart && now < windowEnd) {
                    latencies.add((now - c.sentAt) / 1000);
                }
            }
            if (filled > bodyStart + length) {
                throw new IOException("more bytes than one answer: the server answered what was not asked");
            }
            c.in.clear();
            c.busy = false;
            send(c);
        }
    }

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] CONTENT_LENGTH = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

    /** The Content-Length of a head (names compared without case), or -1. */
    static int contentLength(byte[] a, int headEnd) {
        outer:
        for (int i = 0; i + CONTENT_LENGTH.length <= headEnd; i++) {
            for (int j = 0; j < CONTENT_LENGTH.length; j++) {
                if (Character.toLowerCase(a[i + j]) != CONTENT_LENGTH[j]) {
                    continue outer;
                }
            }
            int k = i + CONTENT_LENGTH.length;
            while (a[k] == ' ') {
                k++;
            }
            int n = 0;
            while (a[k] >= '0' && a[k] <= '9') {
                n = n * 10 + (a[k++] - '0');
            }
            return n;
        }
        return -1;
    }

    static int indexOf(byte[] a, int from, int to, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= to; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (a[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One keep-alive connection with at most one request in flight. */
    private static final class Connection {
        final int id;
        final SocketChannel channel;
        // Set when the connection is registered and before each request is sent; read only after.
        @SuppressWarnings("NullAway.Init")
        SelectionKey key;

        @SuppressWarnings("NullAway.Init")
        ByteBuffer out;

        ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        @SuppressWarnings("NullAway.Init")
        byte[] expectMp;

        @SuppressWarnings("NullAway.Init")
        byte[] expectVersion;

        long sentAt;
        long sequence;
        boolean busy;

        Connection(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
        }
    }
}
