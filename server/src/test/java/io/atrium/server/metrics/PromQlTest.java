package io.atrium.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard check reads metric names out of PromQL; it must find them all and nothing else. */
class PromQlTest {

    @Test
    void findsTheMetricsAnExpressionSelectsAndNoFunctionLabelOrVariable() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le, type) "
                                        + "(rate(atrium_command_duration_seconds_bucket{outcome=~\"accepted|rejected\"}[$__rate_interval])))"))
                .containsExactly("atrium_command_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(atrium_commands_total[5m])) / ignoring(outcome) "
                        + "sum without (type) (rate(atrium_command_duration_seconds_count{job=\"$job\"}[1m])) > 1e3"))
                .containsExactly("atrium_command_duration_seconds_count", "atrium_commands_total");
        assertThat(PromQl.metricNames("max by (projection) (atrium_projection_lag_events) or vector(0)"))
                .containsExactly("atrium_projection_lag_events");
        assertThat(PromQl.metricNames("up")).containsExactly("up");
    }
}
