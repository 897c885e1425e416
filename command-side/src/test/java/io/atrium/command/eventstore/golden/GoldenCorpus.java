package io.atrium.command.eventstore.golden;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The golden event corpus: rows of {@code domain_event_entry} exactly as the event store held them
 * when they were written, one JSON file per stretch of history. Files are only ever added (see
 * {@code GoldenCorpusWriter}); every build loads all of them (see {@code GoldenCorpusTest}).
 */
public final class GoldenCorpus {

    /** Where the corpus lives, from the command-side module's folder (or from another module's, beside it). */
    public static Path directory() {
        for (Path candidate : List.of(
                Path.of("src/test/resources/golden-events"),
                Path.of("../command-side/src/test/resources/golden-events"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no golden-events folder under " + Path.of("").toAbsolutePath());
    }

    /**
     * One stored event, column by column.
     *
     * @param payload  the payload column's bytes, as UTF-8 text
     * @param metaData the meta_data column's bytes, as UTF-8 text
     */
    public record Row(
            String eventIdentifier,
            String aggregateIdentifier,
            long sequenceNumber,
            String type,
            String timeStamp,
            String payloadType,
            String payloadRevision,
            String payload,
            String metaData) {}

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<List<Row>> ROWS = new TypeReference<>() {};

    private GoldenCorpus() {}

    /** Every file of the corpus, in name order (the order their rows are loaded in). */
    public static List<Path> files() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Row> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ROWS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of every file, in load order. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        files().forEach(f -> rows.addAll(read(f)));
        return rows;
    }

    static void write(Path file, List<Row> rows) {
        try {
            JSON.writeValue(file.toFile(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts rows into an event store's table as they are, in order (the store numbers them). */
    public static void insert(JdbcTemplate jdbc, List<Row> rows) {
        for (Row r : rows) {
            jdbc.update(
                    "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, "
                            + "payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.eventIdentifier(),
                    r.aggregateIdentifier(),
                    r.sequenceNumber(),
                    r.type(),
                    r.timeStamp(),
                    r.payloadType(),
                    r.payloadRevision(),
                    r.payload().getBytes(StandardCharsets.UTF_8),
                    r.metaData() == null ? null : r.metaData().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The rows of an event store's table, in position order. */
    static List<Row> dump(JdbcTemplate jdbc) {
        return jdbc.query(
                "SELECT * FROM domain_event_entry ORDER BY global_index",
                (rs, n) -> new Row(
                        rs.getString("event_identifier"),
                        rs.getString("aggregate_identifier"),
                        rs.getLong("sequence_number"),
                        rs.getString("type"),
                        rs.getString("time_stamp"),
                        rs.getString("payload_type"),
                        rs.getString("payload_revision"),
                        new String(rs.getBytes("payload"), StandardCharsets.UTF_8),
                        rs.getBytes("meta_data") == null
                                ? null
                                : new String(rs.getBytes("meta_data"), StandardCharsets.UTF_8)));
    }
}
