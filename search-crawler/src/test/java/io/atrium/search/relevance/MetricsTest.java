package io.atrium.search.relevance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void reciprocalRankIsOneOverTheFirstRelevantRank() {
        assertThat(Metrics.reciprocalRank(List.of("a", "b", "c"), Map.of("c", 1)))
                .isEqualTo(1.0 / 3);
        assertThat(Metrics.reciprocalRank(List.of("a", "b"), Map.of("c", 2))).isZero();
        assertThat(Metrics.reciprocalRank(List.of("c"), Map.of("c", 2))).isEqualTo(1.0);
    }

    @Test
    void ndcgIsOneForTheIdealOrderAndLessOtherwise() {
        Map<String, Integer> grades = Map.of("a", 2, "b", 1);
        assertThat(Metrics.ndcg(List.of("a", "b", "x"), grades, 10)).isEqualTo(1.0);
        // b then a: (1 + 3/log2(3)) / (3 + 1/log2(3))
        double expected = (1 + 3 / (Math.log(3) / Math.log(2))) / (3 + 1 / (Math.log(3) / Math.log(2)));
        assertThat(Metrics.ndcg(List.of("b", "a"), grades, 10)).isCloseTo(expected, within(1e-9));
        assertThat(Metrics.ndcg(List.of("x", "y"), grades, 10)).isZero();
        // Beyond k nothing counts.
        assertThat(Metrics.ndcg(List.of("x", "a"), grades, 1)).isZero();
    }
}
