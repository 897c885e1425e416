package io.atrium.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.logic.ApiFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mini-program's key-value storage (values are JSON), kept in one file per mini-program and
 * user under the host's storage directory, under a quota counted in UTF-8 bytes of keys and values.
 * Written through on every change (temp file, then an atomic rename), so a crash loses nothing
 * acknowledged.
 */
final class Storage {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_KEY = 128;

    private final Path file;
    private final long quota;
    private final Map<String, String> values;
    private long used;

    Storage(Path file, long quota) {
        this.file = file;
        this.quota = quota;
        try {
            Files.createDirectories(file.getParent());
            values = Files.exists(file) ? JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() { })
                    : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read storage " + file, e);
        }
        values.forEach((k, v) -> used += bytes(k) + bytes(v));
    }

    synchronized String get(String key) {
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
        values.put(key, json);
        used = after;
        save();
    }

    synchronized void remove(String key) {
        String old = values.remove(key);
        if (old != null) {
            used -= bytes(key) + bytes(old);
            save();
        }
    }

    synchronized void clear() {
        values.clear();
        used = 0;
        save();
    }

    synchronized Map<String, Object> info() {
        List<String> keys = new ArrayList<>(values.keySet());
        return Map.of("keys", keys, "currentSize", (used + 1023) / 1024, "limitSize", quota / 1024);
    }

    private void save() {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(values));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ApiFailure("storage could not be written: " + e.getMessage());
        }
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
