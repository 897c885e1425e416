package io.atrium.server.search;

import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same path from a release to a search result, with the real Elasticsearch 8.19 that
 * scripts/services starts as the index (the test server has only the standard analyzer). A data dir
 * of its own, because this is a second server next to the embedded one.
 */
@Tag("services")
class SearchOnElasticsearchHttpTest extends SearchHttpTest {

    private static final String URL =
            System.getenv().getOrDefault("ATRIUM_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200");
    private static final String INDEX = "atrium-http-test-" + UUID.randomUUID();

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        registry.add("atrium.test.data-dir-suffix", () -> "-elasticsearch");
        registry.add("atrium.search.index", () -> "elasticsearch");
        registry.add("atrium.search.elasticsearch.url", () -> URL);
        registry.add("atrium.search.elasticsearch.index-name", () -> INDEX);
        registry.add("atrium.search.elasticsearch.analyzer", () -> "standard");
    }
}
