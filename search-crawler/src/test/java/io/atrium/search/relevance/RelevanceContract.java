package io.atrium.search.relevance;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.search.index.PageDocument;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchQuery;
import io.atrium.search.index.SearchResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ranking quality on the labelled queries of {@link Judgments} over the crawled {@link SampleStore}:
 * MRR and NDCG@10 at the mini-program level (a mini-program ranks where its best page does). Each
 * adapter's floor is what it measured when the floor was set; a change that ranks worse fails here.
 */
public abstract class RelevanceContract {

    private static List<PageDocument> documents;

    protected abstract SearchIndex create() throws Exception;

    protected abstract double minMrr();

    protected abstract double minNdcg();

    protected void dispose(SearchIndex index) {
        index.close();
    }

    static synchronized List<PageDocument> documents() throws Exception {
        if (documents == null) {
            Path storage = Files.createTempDirectory("atrium-relevance");
            documents = SampleStore.crawl(storage);
        }
        return documents;
    }

    /** Mini-programs in the order of their best page. */
    static List<String> ranking(SearchIndex index, String query) {
        SearchResults results =
                index.search(new SearchQuery(SampleStore.TENANT, SampleStore.HOST, query, null, List.of(), 0, 100));
        LinkedHashSet<String> programs = new LinkedHashSet<>();
        results.hits().forEach(h -> programs.add(h.miniProgramId()));
        return new ArrayList<>(programs);
    }

    @Test
    void ranksTheLabelledQueriesAtLeastAsWellAsWhenTheFloorWasSet() throws Exception {
        SearchIndex index = create();
        try {
            Map<String, List<PageDocument>> byProgram = new LinkedHashMap<>();
            for (PageDocument d : documents()) {
                byProgram
                        .computeIfAbsent(d.miniProgramId(), k -> new ArrayList<>())
                        .add(d);
            }
            assertThat(byProgram).hasSizeGreaterThanOrEqualTo(50);
            assertThat(Judgments.QUERIES).hasSizeGreaterThanOrEqualTo(30);
            index.replaceAll(byProgram.entrySet().stream()
                    .map(e -> new SearchIndex.Replacement(SampleStore.TENANT, e.getKey(), e.getValue()))
                    .toList());

            double mrr = 0;
            double ndcg = 0;
            double mrrEn = 0;
            double mrrZh = 0;
            int en = 0;
            int zh = 0;
            StringBuilder misses = new StringBuilder();
            for (Judgments.Judged q : Judgments.QUERIES) {
                List<String> ranking = ranking(index, q.query());
                double rr = Metrics.reciprocalRank(ranking, q.grades());
                mrr += rr;
                ndcg += Metrics.ndcg(ranking, q.grades(), 10);
                if (q.query()
                        .codePoints()
                        .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    mrrZh += rr;
                    zh++;
                } else {
                    mrrEn += rr;
                    en++;
                }
                if (rr < 1) {
                    misses.append(String.format(
                            "%n  %-20s RR %.2f  top: %s",
                            q.query(), rr, ranking.subList(0, Math.min(3, ranking.size()))));
                }
            }
            int n = Judgments.QUERIES.size();
            mrr /= n;
            ndcg /= n;
            System.out.printf(
                    "relevance %s: %d mini-programs, %d pages, %d queries (%d English, %d Chinese): MRR %.3f (en %.3f, zh %.3f),"
                            + " NDCG@10 %.3f%s%n",
                    getClass().getSimpleName(),
                    byProgram.size(),
                    documents().size(),
                    n,
                    en,
                    zh,
                    mrr,
                    mrrEn / en,
                    mrrZh / zh,
                    ndcg,
                    misses);
            assertThat(mrr).as("MRR").isGreaterThanOrEqualTo(minMrr());
            assertThat(ndcg).as("NDCG@10").isGreaterThanOrEqualTo(minNdcg());
        } finally {
            dispose(index);
        }
    }
}
