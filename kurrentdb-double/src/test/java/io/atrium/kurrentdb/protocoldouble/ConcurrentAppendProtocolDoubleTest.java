package io.atrium.kurrentdb.protocoldouble;

import static io.atrium.kurrentdb.protocoldouble.Clients.json;
import static io.atrium.kurrentdb.protocoldouble.Clients.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WriteResult;
import io.kurrent.dbclient.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrentAppendProtocolDoubleTest {
    private static final int WRITERS = 50;

    private static KurrentDbProtocolDouble server;
    private static KurrentDBClient client;
    private static ExecutorService threads;

    @BeforeAll
    static void start() {
        server = KurrentDbProtocolDouble.start();
        client = Clients.connect(server);
        threads = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void stop() throws Exception {
        threads.shutdownNow();
        client.shutdown().get();
        server.close();
    }

    @Test
    void fifty_writers_to_fifty_streams_all_succeed_with_distinct_positions() throws Exception {
        String prefix = stream("parallel");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WriteResult>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String stream = prefix + "-" + w;
            results.add(threads.submit(() -> {
                go.await();
                return client.appendToStream(
                                stream,
                                AppendToStreamOptions.get().streamState(StreamState.noStream()),
                                json("atrium.P", "{}"),
                                json("atrium.P", "{}"))
                        .get();
            }));
        }
        go.countDown();

        Set<Long> positions = new HashSet<>();
        for (Future<WriteResult> result : results) {
            WriteResult written = result.get();
            assertThat(written.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(1));
            positions.add(written.getLogPosition().getCommitUnsigned());
        }
        assertThat(positions).hasSize(WRITERS);
        List<RecordedEvent> inAll = client.readAll(ReadAllOptions.get()).get().getEvents().stream()
                .map(ResolvedEvent::getOriginalEvent)
                .filter(e -> e.getStreamId().startsWith(prefix))
                .toList();
        assertThat(inAll).hasSize(2 * WRITERS);
        // The two events of each append sit next to each other in $all: appends do not interleave.
        for (int i = 0; i < inAll.size(); i += 2) {
            assertThat(inAll.get(i).getStreamId()).isEqualTo(inAll.get(i + 1).getStreamId());
            assertThat(inAll.get(i + 1).getRevision()).isEqualTo(inAll.get(i).getRevision() + 1);
        }
    }

    @Test
    void fifty_writers_racing_for_each_revision_of_one_stream_let_exactly_one_win() throws Exception {
        String stream = stream("contended");
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            StreamState expected = round == 0 ? StreamState.noStream() : StreamState.streamRevision(round - 1);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String body = "{\"round\":" + round + ",\"writer\":" + w + "}";
                attempts.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                go.await();
                                client.appendToStream(
                                                stream,
                                                AppendToStreamOptions.get().streamState(expected),
                                                json("atrium.Claim", body))
                                        .get();
                                return true;
                            } catch (java.util.concurrent.ExecutionException e) {
                                if (e.getCause() instanceof WrongExpectedVersionException) {
                                    return false;
                                }
                                throw new CompletionException(e);
                            } catch (InterruptedException e) {
                                throw new CompletionException(e);
                            }
                        },
                        threads));
            }
            go.countDown();

            long winners = attempts.stream()
                    .map(CompletableFuture::join)
                    .filter(won -> won)
                    .count();
            assertThat(winners).as("winners of round %d", round).isEqualTo(1);
        }
        assertThat(client.readStream(stream, ReadStreamOptions.get()).get().getEvents())
                .extracting(e -> e.getOriginalEvent().getRevision())
                .containsExactly(0L, 1L, 2L, 3L, 4L);
    }
}
