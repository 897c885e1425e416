package io.atrium.search.elasticsearch;

import io.atrium.search.index.SearchIndex;
import io.atrium.search.index.SearchIndexContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The contract on the real Elasticsearch 8.19 that scripts/services starts (the test server has only the standard analyzer). */
@Tag("services")
class ElasticsearchSearchIndexTest extends SearchIndexContract {

    static final String URL = System.getenv().getOrDefault("ATRIUM_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200");

    @Override
    protected SearchIndex create() {
        return new ElasticsearchSearchIndex(URL, "atrium-test-" + UUID.randomUUID(), "standard");
    }

    @AfterEach
    void drop() {
        ((ElasticsearchSearchIndex) index).dropIndex();
    }
}
