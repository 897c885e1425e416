package io.atrium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionBatchesTest {

    @Test
    void readsEachProjectionsBatchCountAndNothingElse() {
        String exposition = """
                # TYPE atrium_projection_batch_duration_seconds summary
                atrium_projection_batch_duration_seconds_count{application="atrium",projection="catalogue"} 120.0
                atrium_projection_batch_duration_seconds_sum{application="atrium",projection="catalogue"} 0.5
                atrium_projection_batch_duration_seconds_count{application="atrium",projection="audit-log"} 1.0E3
                atrium_projection_lag_events{projection="catalogue"} 4.0
                atrium_projection_batch_duration_seconds_count{source_projection="search",projection="search"} 7 1700000000000
                atrium_projection_batch_duration_seconds_count{source_projection="roles"} 9.0
                atrium_projection_batch_duration_seconds_count{projection="tenants"} +Inf
                """;

        // A label that only ends in "projection" is not the projection; a timestamp after the value is
        // allowed; a value that is not a count is left out.
        assertThat(ProjectionBatches.parse(exposition))
                .isEqualTo(Map.of("catalogue", 120L, "audit-log", 1000L, "search", 7L));
    }

    @Test
    void linesUpTheBatchesOfTheWindowWithItsCommands() {
        String line = ProjectionBatches.line(
                Map.of("catalogue", 100L, "audit-log", 50L),
                Map.of("catalogue", 300L, "audit-log", 50L, "search", 100L),
                2_000,
                20.0);

        // audit-log committed none in the window: left out; search appeared after the first reading.
        assertThat(line)
                .isEqualTo(
                        "catalogue 200 (10.0/s, about 10.0 commands each); search 100 (5.0/s, about 20.0 commands each)");
        assertThat(ProjectionBatches.line(Map.of(), Map.of(), 10, 1.0)).startsWith("none read");
    }
}
