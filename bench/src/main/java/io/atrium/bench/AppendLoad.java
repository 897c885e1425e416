package io.atrium.bench;

import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.StreamState;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * KurrentDB's own append rate, the counterpart of {@link InsertLoad}: N clients share one client (as
 * the server does), each appending one event of about an event's size (1 KiB) to a new stream with
 * the expected state "no stream", in a loop. The store's process is measured.
 */
final class AppendLoad {

    private AppendLoad() {}

    static int run(String connection, int clients, int seconds, int warmup, ProcessCpu store) throws Exception {
        KurrentDBClient client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(connection));
        try {
            byte[] payload = new byte[1024];
            new Random().nextBytes(payload);
            LoadRun.Result result =
                    LoadRun.run(clients, warmup, seconds, "append", store, (latencies, measuring, stop) -> {
                        while (!stop.get()) {
                            boolean counted = measuring.get();
                            long start = System.nanoTime();
                            client.appendToStream(
                                            "bench-" + UUID.randomUUID(),
                                            AppendToStreamOptions.get().streamState(StreamState.noStream()),
                                            EventData.builderAsBinary("bench.Appended", payload)
                                                    .build())
                                    .get(10, TimeUnit.SECONDS);
                            if (counted && measuring.get()) {
                                latencies.add((System.nanoTime() - start) / 1000);
                            }
                        }
                    });
            if (!result.errors().isEmpty()) {
                throw new IllegalStateException(
                        "append load failed", result.errors().get(0));
            }
            System.out.printf(
                    "appends: clients=%d seconds=%.1f %s%n", clients, result.seconds(), result.summary("appends"));
            System.out.println(result.serverCpu().line("store", result.sortedMicros().length, "append"));
            return 0;
        } finally {
            client.shutdown().get(10, TimeUnit.SECONDS);
        }
    }
}
