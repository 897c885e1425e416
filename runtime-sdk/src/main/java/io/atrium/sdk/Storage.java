package io.atrium.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.logic.ApiFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One mini-program's key-value storage (values are JSON), kept in one file per mini-program and
 * user under the host's storage directory, under a quota counted in UTF-8 bytes of keys and values.
 *
 * <p>The file is a log: each change appends one line ({@code ["set", key, value]}, {@code ["remove",
 * key]} or {@code ["clear"]}), so a write costs what it changes, not the whole storage. When the log
 * has grown to twice its size after the last compaction (and at least {@value #COMPACT_FLOOR}
 * bytes), it is rewritten with the live entries only (temp file, synced, then an atomic rename):
 * amortized, still proportional to the changes, whatever the entries' encoding costs. A line cut
 * short by a crash is the last one: it is cut off when the file is opened, so the next change does
 * not run into it. A file in the earlier format (one JSON object) is read and rewritten as a log.
 */
final class Storage {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_KEY = 128;
    static final long COMPACT_FLOOR = 64 * 1024;

    private final Path file;
    private final long quota;
    private final Map<String, String> values;
    private long used;
    private long logBytes;
    /** The log's size after the last compaction (or when it was opened): it may grow to twice that. */
    private long compactedBytes;

    Storage(Path file, long quota) {
        this.file = file;
        this.quota = quota;
        this.values = new LinkedHashMap<>();
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read storage " + file, e);
        }
        values.forEach((k, v) -> used += bytes(k) + bytes(v));
    }

    private void read() throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length > 0 && all[0] == '{') {
            values.putAll(JSON.readValue(all, new TypeReference<LinkedHashMap<String, String>>() {}));
            compact();
            return;
        }
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        if (end < all.length) {
            // A torn last line: never acknowledged. Cut it off, or the next append would join it.
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                out.truncate(end);
            }
        }
        try (BufferedReader lines = new BufferedReader(
                new java.io.InputStreamReader(new java.io.ByteArrayInputStream(all, 0, end), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    apply(line);
                }
            }
        }
        logBytes = end;
        compactedBytes = end;
    }

    private void apply(String line) {
        List<String> change;
        try {
            change = JSON.readValue(line, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            return; // the torn last line of a crash: that change was never acknowledged
        }
        switch (change.isEmpty() ? "" : change.get(0)) {
            case "set" -> values.put(change.get(1), change.get(2));
            case "remove" -> values.remove(change.get(1));
            case "clear" -> values.clear();
            default -> {}
        }
    }

    /** The stored JSON, or null when the key holds nothing. */
    synchronized @Nullable String get(String key) {
        return values.get(key);
    }

    /** @throws QuotaExceeded when the value would take the storage over its quota */
    synchronized void set(String key, String json) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new ApiFailure("the key must be 1-" + MAX_KEY + " characters");
        }
        String old = values.get(key);
        long after = used - (old == null ? 0 : bytes(key) + bytes(old)) + bytes(key) + bytes(json);
        if (after > quota) {
            throw new QuotaExceeded("storage is limited to " + quota + " bytes; this would take it to " + after);
        }
        append("set", key, json);
        values.put(key, json);
        used = after;
        compactIfGrown();
    }

    synchronized void remove(String key) {
        String old = values.get(key);
        if (old != null) {
            append("remove", key);
            values.remove(key);
            used -= bytes(key) + bytes(old);
            compactIfGrown();
        }
    }

    synchronized void clear() {
        append("clear");
        values.clear();
        used = 0;
        compactIfGrown();
    }

    synchronized Map<String, Object> info() {
        List<String> keys = new ArrayList<>(values.keySet());
        return Map.of("keys", keys, "currentSize", (used + 1023) / 1024, "limitSize", quota / 1024);
    }

    /** Appends one change; written before the change is made in memory, so a failed write changes nothing. */
    private void append(String... change) {
        try {
            byte[] line = (JSON.writeValueAsString(Arrays.asList(change)) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            logBytes += line.length;
        } catch (IOException e) {
            throw new ApiFailure("storage could not be written: " + e.getMessage());
        }
    }

    /** Rewrites the log with the live entries once it has grown to twice its size after the last compaction. */
    private void compactIfGrown() {
        if (logBytes > COMPACT_FLOOR && logBytes > 2 * compactedBytes) {
            try {
                compact();
            } catch (IOException e) {
                // The change is in the log already and stands; the log is compacted another time.
            }
        }
    }

    private void compact() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder log = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            log.append(JSON.writeValueAsString(List.of("set", e.getKey(), e.getValue())))
                    .append('\n');
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            // On disk before the rename: a crash must leave the old log or the whole new one.
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        logBytes = bytes.length;
        compactedBytes = bytes.length;
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A write over the quota. */
    static final class QuotaExceeded extends ApiFailure {
        QuotaExceeded(String message) {
            super(message);
        }
    }
}
