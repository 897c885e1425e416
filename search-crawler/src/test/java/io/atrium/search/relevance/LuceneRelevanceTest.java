package io.atrium.search.relevance;

import io.atrium.search.index.SearchIndex;
import io.atrium.search.lucene.LuceneSearchIndex;
import java.nio.file.Files;

/** Relevance of the embedded Lucene index (CJK bigrams). */
class LuceneRelevanceTest extends RelevanceContract {

    @Override
    protected SearchIndex create() throws Exception {
        return LuceneSearchIndex.writable(Files.createTempDirectory("atrium-relevance-lucene"));
    }

    // The floors: MRR and NDCG@10 measured
    // 0.985 and 0.962 on 2026-11-28 (66 queries;
    // the miss: 汽车, a word only in tags, which are filters, not text).
    @Override
    protected double minMrr() {
        return 0.98;
    }

    @Override
    protected double minNdcg() {
        return 0.96;
    }
}
