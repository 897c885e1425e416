package io.atrium.search.crawler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.logic.SandboxLimits;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The narrow channel between the server and its {@linkplain CrawlWorker crawl worker}: the
 * worker's stdin and stdout, each a sequence of frames, a frame being a 4-byte big-endian length
 * and that many bytes of JSON. The server sends {@link Request}s (a package's plaintext files and
 * the limits, nothing else: no keys, no database, no configuration); the worker answers
 * {@link Reply}s: {@code ready} once when it starts, then for each request any number of
 * {@code page} and {@code progress} frames and one {@code result}.
 *
 * <p>Neither side trusts the other's frames beyond {@link #MAX_FRAME} bytes, and JSON that does not
 * map onto these records exactly (unknown fields included) is {@link MalformedFrame malformed}.
 */
final class CrawlWorkerProtocol {

    /** The largest frame either side reads: a package is at most 32 MB of files, base64 in JSON. */
    static final int MAX_FRAME = 64 << 20;

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_FRAME)
                        .build());
    }

    private CrawlWorkerProtocol() {}

    /** A frame that is too long, cut short or not the JSON expected: the peer is not to be trusted any more. */
    static final class MalformedFrame extends IOException {
        MalformedFrame(String message) {
            super(message);
        }
    }

    /** One crawl: the package (by id and version, with every file's plaintext) and the limits. */
    record Request(
            String miniProgramId,
            String version,
            Map<String, byte[]> files,
            int maxPages,
            int maxDepth,
            long maxTimeMillis,
            Sandbox sandbox) {
        Crawler.Limits limits() {
            return new Crawler.Limits(maxPages, maxDepth, Duration.ofMillis(maxTimeMillis));
        }
    }

    /** {@link SandboxLimits}, durations in milliseconds. */
    record Sandbox(
            long instructionsPerCallback,
            long timePerCallbackMillis,
            long bytesPerCallback,
            int maxStackDepth,
            int maxSetDataBytes,
            int maxTimers,
            long minTimerDelayMillis,
            long storageQuotaBytes) {

        static Sandbox of(SandboxLimits l) {
            return new Sandbox(
                    l.instructionsPerCallback(),
                    l.timePerCallback().toMillis(),
                    l.bytesPerCallback(),
                    l.maxStackDepth(),
                    l.maxSetDataBytes(),
                    l.maxTimers(),
                    l.minTimerDelay().toMillis(),
                    l.storageQuotaBytes());
        }

        SandboxLimits limits() {
            return new SandboxLimits(
                    instructionsPerCallback,
                    Duration.ofMillis(timePerCallbackMillis),
                    bytesPerCallback,
                    maxStackDepth,
                    maxSetDataBytes,
                    maxTimers,
                    Duration.ofMillis(minTimerDelayMillis),
                    storageQuotaBytes);
        }
    }

    /**
     * What the worker says. {@code type} is {@code ready}, {@code page} (with {@code page}),
     * {@code progress} (with {@code done}, {@code known}, and {@code failures} when they changed) or
     * {@code result} (with {@code failures}, {@code failedBecause} when the crawl itself failed, and
     * {@code refused}, what the sandbox refused by kind).
     */
    record Reply(
            String type,
            Crawler.@Nullable Page page,
            @Nullable Integer done,
            @Nullable Integer known,
            @Nullable List<Crawler.Failure> failures,
            @Nullable String failedBecause,
            SandboxTally.@Nullable Counts refused) {
        static Reply ready() {
            return new Reply("ready", null, null, null, null, null, null);
        }

        static Reply page(Crawler.Page page) {
            return new Reply("page", page, null, null, null, null, null);
        }

        static Reply progress(int done, int known, @Nullable List<Crawler.Failure> failures) {
            return new Reply("progress", null, done, known, failures, null, null);
        }

        static Reply result(
                List<Crawler.Failure> failures, @Nullable String failedBecause, SandboxTally.Counts refused) {
            return new Reply("result", null, null, null, failures, failedBecause, refused);
        }
    }

    /** Writes one frame and flushes it. */
    static void write(OutputStream out, Object message) throws IOException {
        byte[] json = JSON.writeValueAsBytes(message);
        if (json.length > MAX_FRAME) {
            throw new MalformedFrame("a frame of " + json.length + " bytes is over the limit of " + MAX_FRAME);
        }
        out.write(new byte[] {
            (byte) (json.length >>> 24), (byte) (json.length >>> 16), (byte) (json.length >>> 8), (byte) json.length
        });
        out.write(json);
        out.flush();
    }

    /**
     * Reads one frame; null when the stream ends cleanly between frames.
     *
     * @throws MalformedFrame when the length is out of bounds, the stream ends inside a frame, or the JSON is not a {@code type}
     */
    static <T> @Nullable T read(InputStream in, Class<T> type) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        int length;
        byte[] json;
        try {
            length = (first << 24)
                    | (data.readUnsignedByte() << 16)
                    | (data.readUnsignedByte() << 8)
                    | data.readUnsignedByte();
            if (length <= 0 || length > MAX_FRAME) {
                throw new MalformedFrame(
                        "a frame length of " + Integer.toUnsignedString(length) + " bytes (at most " + MAX_FRAME + ")");
            }
            json = new byte[length];
            data.readFully(json);
        } catch (EOFException e) {
            throw new MalformedFrame("the stream ended inside a frame");
        }
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw new MalformedFrame("a frame of JSON null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedFrame("a frame that is not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
