package io.atrium.search.relevance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Mean reciprocal rank and NDCG@10 over a ranking of mini-programs. */
public final class Metrics {

    private Metrics() {}

    /** 1 / the rank of the first mini-program with a grade above 0; 0 when none is ranked. */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> grades) {
        for (int i = 0; i < ranking.size(); i++) {
            if (grades.getOrDefault(ranking.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** DCG of the first {@code k} ranked (gain 2^grade - 1, discount log2(rank + 1)) over the ideal DCG. */
    public static double ndcg(List<String> ranking, Map<String, Integer> grades, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            dcg += gain(grades.getOrDefault(ranking.get(i), 0)) / log2(i + 2);
        }
        List<Integer> ideal = new ArrayList<>(grades.values());
        ideal.sort(Comparator.reverseOrder());
        double best = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            best += gain(ideal.get(i)) / log2(i + 2);
        }
        return best == 0 ? 0 : dcg / best;
    }

    private static double gain(int grade) {
        return Math.pow(2, grade) - 1;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
