package io.atrium.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many batches each projection committed, from the server's {@code /actuator/prometheus}
 * ({@code atrium_projection_batch_duration_seconds_count}), read at a window's edges: the events a
 * batch carried is what a projection's per-batch cost (its reads, its checkpoint, its commit) is
 * spread over. Read outside the window's CPU reading; a server without the meter (metrics off, or
 * no projections in it) answers an empty map.
 */
final class ProjectionBatches {

    // The label is matched whole ({ or , before it), and a sample may carry a timestamp after its value.
    private static final Pattern COUNT = Pattern.compile(
            "^atrium_projection_batch_duration_seconds_count\\{(?:[^}]*,)?projection=\"([^\"]+)\"[^}]*} (\\S+)(?: \\S+)?$");

    private ProjectionBatches() {}

    static Map<String, Long> read(Http http) {
        Map<String, Long> counts = new TreeMap<>();
        try {
            HttpResponse<String> response = http.client.send(
                    HttpRequest.newBuilder(URI.create(http.base + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return parse(response.body());
            }
        } catch (IOException e) {
            return counts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return counts;
    }

    /** Each projection's batch count in a Prometheus text exposition. */
    static Map<String, Long> parse(String exposition) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = COUNT.matcher(line);
            if (m.matches()) {
                try {
                    counts.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
                } catch (NumberFormatException e) {
                    // Not a count (NaN or +Inf are valid in the format): leave that series out.
                }
            }
        }
        return counts;
    }

    /**
     * e.g. {@code catalogue 1,234 (61.7/s, about 24.0 commands each)}: each projection's batches
     * between the two readings, in name order, and the commands answered in the window over them. The
     * second reading comes after the clients stopped, so a batch or two of the drain is in it: an
     * approximation, printed as such.
     */
    static String line(Map<String, Long> before, Map<String, Long> after, long commands, double seconds) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : new TreeMap<>(after).entrySet()) {
            long batches = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (batches <= 0) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(String.format(
                    "%s %,d (%.1f/s, about %.1f commands each)",
                    e.getKey(), batches, batches / seconds, (double) commands / batches));
        }
        return out.isEmpty() ? "none read (metrics off, or no projections)" : out.toString();
    }
}
