package io.atrium.search.crawler;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.logic.SandboxLimits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The crawl worker: a JVM of its own that {@link WorkerProcessCrawler} starts, which runs
 * {@link Crawler} on the packages the server sends over stdin and answers on stdout (see
 * {@link CrawlWorkerProtocol}). It holds no keys, no database and no configuration: only the
 * plaintext files of the package in hand (the server opened and verified it) and a storage folder
 * for the mini-programs' own storage.
 *
 * <p>It crawls one package at a time and serves crawls until stdin ends. It also stops itself when
 * the server that started it is gone, and halts when a crawl runs far past its deadline; the server
 * kills it sooner than that, so both are only for the case where the server cannot.
 *
 * <p>Started as {@code java ... io.atrium.search.crawler.CrawlWorker <storage folder>} (or through
 * the Spring Boot launcher with {@code -Dloader.main}); not a Spring application.
 */
public final class CrawlWorker {

    /** How long past a crawl's own deadline the worker halts itself, should the server not have killed it. */
    static final long SELF_HALT_AFTER_MS = 30_000;

    private CrawlWorker() {}

    public static void main(String[] args) throws Exception {
        // stdout is the channel: anything else that prints (a library, the JVM's warnings) goes to stderr.
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
        if (args.length != 1) {
            System.err.println("usage: CrawlWorker <storage folder>");
            System.exit(2);
        }
        Path storage = Files.createDirectories(Path.of(args[0]));
        ProcessHandle.current()
                .parent()
                .ifPresent(parent ->
                        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        new CrawlWorker.Loop(storage, out).serve(in);
        System.exit(0);
    }

    /** Serves crawls from {@code in} until it ends; separate from {@code main} so a test can drive it. */
    static final class Loop {
        private final Path storage;
        private final OutputStream out;
        private final Map<SandboxLimits, Tallied> runtimes = new HashMap<>();

        /** A runtime and the tally its listener keeps of what its sandbox refused. */
        private record Tallied(AtriumRuntime runtime, SandboxTally tally) {}

        Loop(Path storage, OutputStream out) {
            this.storage = storage;
            this.out = out;
        }

        void serve(InputStream in) throws IOException {
            CrawlWorkerProtocol.write(out, CrawlWorkerProtocol.Reply.ready());
            CrawlWorkerProtocol.Request request;
            while ((request = CrawlWorkerProtocol.read(in, CrawlWorkerProtocol.Request.class)) != null) {
                crawl(request);
            }
        }

        private void crawl(CrawlWorkerProtocol.Request request) throws IOException {
            Thread selfHalt = selfHalt(request.maxTimeMillis() + SELF_HALT_AFTER_MS);
            try {
                Tallied runtime = runtimes.computeIfAbsent(request.sandbox().limits(), limits -> {
                    SandboxTally tally = new SandboxTally();
                    return new Tallied(
                            AtriumRuntime.builder()
                                    .storageDir(storage)
                                    .limits(limits)
                                    .listener(tally)
                                    .build(),
                            tally);
                });
                Crawler crawler = new Crawler(runtime.runtime(), request.limits(), runtime.tally());
                Crawler.Result result;
                try {
                    // The server opened and verified the package before it sent the files.
                    result = crawler.crawlVerified(
                            request.miniProgramId(), request.version(), request.files(), new Streaming());
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                } catch (RuntimeException e) {
                    result = new Crawler.Result(
                            List.of(),
                            List.of(),
                            "the crawl failed: " + e,
                            runtime.tally().drain());
                }
                CrawlWorkerProtocol.write(
                        out,
                        CrawlWorkerProtocol.Reply.result(result.failures(), result.failedBecause(), result.refused()));
            } finally {
                selfHalt.interrupt();
            }
        }

        /** Pages as they come, and progress, with the failures only when they changed. */
        private final class Streaming implements Crawler.Progress {
            private int failuresSent;

            @Override
            public void page(Crawler.Page page) {
                send(CrawlWorkerProtocol.Reply.page(page));
            }

            @Override
            public void update(int done, int known, List<Crawler.Failure> failures) {
                boolean changed = failures.size() != failuresSent;
                failuresSent = failures.size();
                send(CrawlWorkerProtocol.Reply.progress(done, known, changed ? failures : null));
            }

            private void send(CrawlWorkerProtocol.Reply reply) {
                try {
                    CrawlWorkerProtocol.write(out, reply);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Thrown through the crawler when stdout fails: the server is gone, and so is the point of going on. */
    static final class UncheckedIOException extends RuntimeException {
        UncheckedIOException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            // Built with its cause, and never given another.
            return (IOException) Objects.requireNonNull(super.getCause(), "the cause");
        }
    }

    private static Thread selfHalt(long afterMillis) {
        Thread t = new Thread(
                () -> {
                    try {
                        TimeUnit.MILLISECONDS.sleep(afterMillis);
                        System.err.println("the crawl ran " + afterMillis
                                + " ms without the server stopping it; the worker halts");
                        Runtime.getRuntime().halt(4);
                    } catch (InterruptedException e) {
                        // the crawl ended in time
                    }
                },
                "atrium-crawl-worker-self-halt");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
