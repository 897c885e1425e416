package io.atrium.search.elasticsearch;

import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchIndexContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The contract on the real Elasticsearch 8.19 that scripts/services starts (the test server has only the standard analyzer). */
@Tag("services")
class ElasticsearchSearchIndexTest extends SearchIndexContract {

    @Override
    protected SearchIndex create() {
        return TestElasticsearch.freshIndex("atrium-test-");
    }

    @org.junit.jupiter.api.Test
    void anExistingIndexIsReopenedWithItsPagesAndTheMappingBroughtUpToDate() {
        String name = "atrium-test-reopen-" + UUID.randomUUID();
        ElasticsearchSearchIndex first = new ElasticsearchSearchIndex(TestElasticsearch.URL, name, "standard");
        try {
            first.replace(
                    "t1",
                    "mp-1",
                    java.util.List.of(page(
                            "t1",
                            "mp-1",
                            "One",
                            "1.0.0",
                            "p/a/a",
                            java.util.Map.of(),
                            "A",
                            "kept",
                            "tools",
                            java.util.List.of("汽车"),
                            java.util.Set.of("h1"))));
            try (ElasticsearchSearchIndex again =
                    new ElasticsearchSearchIndex(TestElasticsearch.URL, name, "standard")) {
                org.assertj.core.api.Assertions.assertThat(again.count()).isEqualTo(1);
                org.assertj.core.api.Assertions.assertThat(programs(again.search(query("汽车"))))
                        .containsExactly("mp-1");
            }
        } finally {
            first.dropIndex();
            first.close();
        }
    }

    @AfterEach
    void drop() {
        ((ElasticsearchSearchIndex) index).dropIndex();
    }
}
