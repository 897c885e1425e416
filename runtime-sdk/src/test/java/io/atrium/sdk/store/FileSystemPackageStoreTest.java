package io.atrium.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemPackageStoreTest extends PackageStoreContract {

    @TempDir
    Path dir;

    @Override
    protected PackageStore store() throws Exception {
        return new FileSystemPackageStore(dir.resolve("packages"));
    }

    @Test
    void leavesNoTemporaryFilesBehindWhenAPutFails() throws Exception {
        PackageStore store = store();
        try {
            store.put(new ByteArrayInputStream(new byte[5000]), 100);
        } catch (PackageStore.BlobTooLargeException expected) {
            // the point of the test is what is left on disk
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
