package io.atrium.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** Nodes of a cluster starting together on one empty shared folder end up with one key pair and one master key. */
class FilePlatformKeysTest {

    @TempDir
    Path shared;

    @RepeatedTest(5)
    void nodesStartingTogetherAgreeOnOneKeyPairAndOneMasterKey() throws Exception {
        int nodes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<FilePlatformKeys>> started = new ArrayList<>();
        Path dir = shared.resolve("keys");
        for (int i = 0; i < nodes; i++) {
            started.add(pool.submit(() -> {
                go.await();
                return new FilePlatformKeys(dir);
            }));
        }
        go.countDown();
        List<FilePlatformKeys> keys = new ArrayList<>();
        for (Future<FilePlatformKeys> node : started) {
            keys.add(node.get());
        }
        pool.shutdown();

        assertThat(keys.stream().map(k -> k.signingKey().keyId()).distinct()).hasSize(1);
        assertThat(keys.stream()
                        .map(k -> HexFormat.of().formatHex(k.masterKey()))
                        .distinct())
                .hasSize(1);
        FilePlatformKeys later = new FilePlatformKeys(dir);
        assertThat(later.signingKey().keyId())
                .isEqualTo(keys.get(0).signingKey().keyId());
    }
}
