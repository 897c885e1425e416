package io.atrium.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PackageStore} adapter must show. Subclass it per adapter. */
public abstract class PackageStoreContract {

    protected abstract PackageStore store() throws Exception;

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void storesContentUnderItsSha256() throws Exception {
        PackageStore store = store();
        byte[] data = "hello package".getBytes(StandardCharsets.UTF_8);
        PackageStore.StoredBlob blob = store.put(new ByteArrayInputStream(data), 1024);
        assertThat(blob.digest()).isEqualTo(sha256(data));
        assertThat(blob.size()).isEqualTo(data.length);
        assertThat(blob.created()).isTrue();
        try (InputStream in = store.open(blob.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.size(blob.digest())).isEqualTo(data.length);
    }

    @Test
    void storingTheSameBytesTwiceStoresThemOnce() throws Exception {
        PackageStore store = store();
        byte[] data = "same".getBytes(StandardCharsets.UTF_8);
        assertThat(store.put(new ByteArrayInputStream(data), 100).created()).isTrue();
        assertThat(store.put(new ByteArrayInputStream(data), 100).created()).isFalse();
    }

    @Test
    void refusesAndForgetsContentPastTheLimit() throws Exception {
        PackageStore store = store();
        byte[] data = new byte[2048];
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(data), 1024))
                .isInstanceOf(PackageStore.BlobTooLargeException.class);
        assertThat(store.exists(sha256(data))).isFalse();
    }

    @Test
    void deletesAndReportsMissingBlobs() throws Exception {
        PackageStore store = store();
        PackageStore.StoredBlob blob = store.put(new ByteArrayInputStream(new byte[] {1}), 10);
        assertThat(store.delete(blob.digest())).isTrue();
        assertThat(store.delete(blob.digest())).isFalse();
        assertThat(store.exists(blob.digest())).isFalse();
        assertThat(store.size(blob.digest())).isEqualTo(-1);
        assertThatThrownBy(() -> store.open(blob.digest())).isInstanceOf(PackageStore.BlobNotFoundException.class);
    }

    @Test
    void refusesAddressesThatAreNotDigests() throws Exception {
        PackageStore store = store();
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists("ABC")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentPutsOfTheSameContentAgree() throws Exception {
        PackageStore store = store();
        byte[] data = new byte[200_000];
        new java.util.Random(3).nextBytes(data);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PackageStore.StoredBlob>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(
                        (Callable<PackageStore.StoredBlob>) () -> store.put(new ByteArrayInputStream(data), 1 << 20)));
            }
            long created = 0;
            for (Future<PackageStore.StoredBlob> f : results) {
                created += f.get().created() ? 1 : 0;
                assertThat(f.get().digest()).isEqualTo(sha256(data));
            }
            assertThat(created).isEqualTo(1);
            try (InputStream in = store.open(sha256(data))) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
