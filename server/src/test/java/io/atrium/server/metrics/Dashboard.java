package io.atrium.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** The Grafana dashboard under ops/, as the metrics tests read it: the metrics its queries select. */
public final class Dashboard {

    private Dashboard() {}

    /** Every metric the dashboard's queries select. */
    public static Set<String> metrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file()));
        Set<String> names = new TreeSet<>();
        collect(dashboard.path("panels"), names);
        return names;
    }

    private static void collect(JsonNode panels, Set<String> names) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    names.addAll(PromQl.metricNames(target.get("expr").asText()));
                }
            }
            // A collapsed row keeps its panels inside itself.
            collect(panel.path("panels"), names);
        }
    }

    /** ops/grafana/atrium-dashboard.json at the repository's root, found from the module's folder. */
    static Path file() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null) {
            Path candidate = at.resolve("ops/grafana/atrium-dashboard.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            at = at.getParent();
        }
        throw new AssertionError(
                "no ops/grafana/atrium-dashboard.json above " + Path.of("").toAbsolutePath());
    }
}
