package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage writes cost what they change, survive a restart and a torn last write, and read the earlier format. */
class StorageTest {

    @TempDir
    Path dir;

    @Test
    void aSmallWriteNextToALargeValueWritesLittle() throws IOException {
        Path proc = Path.of("/proc/self/io");
        assumeThat(Files.isReadable(proc))
                .as("Linux's per-process I/O counters")
                .isTrue();
        Storage storage = new Storage(dir.resolve("s.json"), 10L << 20);
        storage.set("big", "\"" + "x".repeat(1 << 20) + "\"");
        long before = writtenByThisProcess(proc);
        for (int i = 0; i < 200; i++) {
            storage.set("counter", Integer.toString(i));
        }
        long written = writtenByThisProcess(proc) - before;
        // Rewriting the whole file each time wrote 200 MB here; appending writes a few KB (and other
        // threads of the test JVM may write a little meanwhile).
        assertThat(written).isLessThan(2L << 20);
        assertThat(new Storage(dir.resolve("s.json"), 10L << 20).get("counter")).isEqualTo("199");
    }

    @Test
    void aValueThatCostsMoreInTheLogThanItsSizeDoesNotForceACompactionPerWrite() throws IOException {
        Path proc = Path.of("/proc/self/io");
        assumeThat(Files.isReadable(proc))
                .as("Linux's per-process I/O counters")
                .isTrue();
        Storage storage = new Storage(dir.resolve("s.json"), 10L << 20);
        // Quotes are escaped twice in the log (once in the JSON value, once in the log line), so the
        // log is over twice the counted size: measured against that size, every write compacted.
        storage.set("quotes", "\"" + "\\\"".repeat(1_000_000) + "\"");
        long before = writtenByThisProcess(proc);
        for (int i = 0; i < 300; i++) {
            storage.set("n", Integer.toString(i));
        }
        assertThat(writtenByThisProcess(proc) - before).isLessThan(2L << 20);
    }

    @Test
    void aChangeAfterATornLineSurvivesTheNextRestart() throws IOException {
        Path file = dir.resolve("s.json");
        new Storage(file, 1 << 20).set("a", "1");
        Files.write(file, "[\"set\",\"b\",\"2".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        new Storage(file, 1 << 20).set("c", "3");
        Storage reopened = new Storage(file, 1 << 20);
        assertThat(reopened.get("a")).isEqualTo("1");
        assertThat(reopened.get("b")).isNull();
        assertThat(reopened.get("c")).isEqualTo("3");
    }

    @Test
    void everyChangeSurvivesARestartAndTheLogIsCompacted() throws IOException {
        Path file = dir.resolve("s.json");
        Storage storage = new Storage(file, 10L << 20);
        for (int i = 0; i < 5_000; i++) {
            storage.set("k" + (i % 10), "\"" + "v".repeat(40) + i + "\"");
        }
        storage.remove("k3");
        storage.set("gone", "1");
        storage.clear();
        storage.set("a", "{\"b\":1}");
        storage.set("k1", "2");
        storage.remove("k1");
        Storage reopened = new Storage(file, 10L << 20);
        assertThat(reopened.get("a")).isEqualTo("{\"b\":1}");
        assertThat(reopened.get("k1")).isNull();
        assertThat(reopened.get("gone")).isNull();
        assertThat(reopened.info()).containsEntry("keys", java.util.List.of("a"));
        // 5,000 writes of ~60 bytes: without compaction the log would be ~300 KB.
        assertThat(Files.size(file)).isLessThan(Storage.COMPACT_FLOOR + 4096);
    }

    @Test
    void aTornLastLineIsIgnored() throws IOException {
        Path file = dir.resolve("s.json");
        new Storage(file, 1 << 20).set("kept", "1");
        Files.write(file, "[\"set\",\"lost\",\"2".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Storage reopened = new Storage(file, 1 << 20);
        assertThat(reopened.get("kept")).isEqualTo("1");
        assertThat(reopened.get("lost")).isNull();
    }

    @Test
    void theEarlierWholeFileFormatIsReadAndCarriedOver() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"a\":\"1\",\"b\":\"\\\"two\\\"\"}");
        Storage storage = new Storage(file, 1 << 20);
        assertThat(storage.get("b")).isEqualTo("\"two\"");
        storage.set("c", "3");
        Storage reopened = new Storage(file, 1 << 20);
        assertThat(reopened.get("a")).isEqualTo("1");
        assertThat(reopened.get("c")).isEqualTo("3");
    }

    private static long writtenByThisProcess(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc)) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("no wchar in " + proc);
    }
}
