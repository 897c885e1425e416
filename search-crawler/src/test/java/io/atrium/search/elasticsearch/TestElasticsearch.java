package io.atrium.search.elasticsearch;

import java.util.UUID;

/** The Elasticsearch that scripts/services starts (or ATRIUM_TEST_ELASTICSEARCH_URL), for tests tagged "services". */
public final class TestElasticsearch {

    public static final String URL =
            System.getenv().getOrDefault("ATRIUM_TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200");

    private TestElasticsearch() {}

    /** A new, empty index of its own (the test server has only the standard analyzer); drop it when done. */
    public static ElasticsearchSearchIndex freshIndex(String prefix) {
        return new ElasticsearchSearchIndex(URL, prefix + UUID.randomUUID(), "standard");
    }
}
