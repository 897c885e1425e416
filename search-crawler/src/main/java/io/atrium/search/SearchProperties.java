package io.atrium.search;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code atrium.search.*}.
 *
 * @param index         {@code lucene} (embedded, under the data dir; the default) or {@code elasticsearch}
 * @param elasticsearch where Elasticsearch is, and how the index is analysed
 * @param crawl         the crawler's limits
 */
@ConfigurationProperties("atrium.search")
public record SearchProperties(@DefaultValue("lucene") String index, @DefaultValue Elasticsearch elasticsearch, @DefaultValue Crawl crawl) {

    /**
     * @param url       e.g. {@code http://127.0.0.1:9200}
     * @param indexName the index
     * @param analyzer  {@code cjk} (a full distribution) or {@code standard} (a server without analysis-common)
     */
    public record Elasticsearch(@DefaultValue("http://127.0.0.1:9200") String url, @DefaultValue("atrium-pages") String indexName,
                                @DefaultValue("cjk") String analyzer) {
    }

    /**
     * @param maxPages  pages per release at most
     * @param maxDepth  links followed from a listed page at most
     * @param maxTime   one release's crawl at most
     * @param pollEvery how often the indexer looks for work
     */
    public record Crawl(@DefaultValue("200") int maxPages, @DefaultValue("5") int maxDepth, @DefaultValue("60s") Duration maxTime,
                        @DefaultValue("200ms") Duration pollEvery) {
    }
}
