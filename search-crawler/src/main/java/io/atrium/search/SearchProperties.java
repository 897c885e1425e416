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
public record SearchProperties(
        @DefaultValue("lucene") String index,
        @DefaultValue Elasticsearch elasticsearch,
        @DefaultValue Crawl crawl) {

    /**
     * @param url       e.g. {@code http://127.0.0.1:9200}
     * @param indexName the index
     * @param analyzer  {@code cjk} (a full distribution) or {@code standard} (a server without analysis-common)
     */
    public record Elasticsearch(
            @DefaultValue("http://127.0.0.1:9200") String url,
            @DefaultValue("atrium-pages") String indexName,
            @DefaultValue("cjk") String analyzer) {}

    /**
     * @param maxPages         pages per release at most
     * @param maxDepth         links followed from a listed page at most
     * @param maxTime          one release's crawl at most
     * @param pollEvery        how often the indexer looks for work
     * @param worker           {@code process} (the default: crawls run in a worker JVM of their own) or
     *                         {@code in-process} (in the server's heap, on a thread cut off at max-time plus the grace)
     * @param workerHeap       the worker's {@code -Xmx}
     * @param workerStack      the worker's {@code -Xss}
     * @param workerGrace      how long past max-time a crawl's worker is killed (in-process: abandoned)
     * @param workerNice       the niceness the worker runs at, where {@code nice} exists (0: the server's)
     * @param workerJvmOptions more options for the worker's JVM, separated by spaces
     */
    public record Crawl(
            @DefaultValue("200") int maxPages,
            @DefaultValue("5") int maxDepth,
            @DefaultValue("60s") Duration maxTime,
            @DefaultValue("200ms") Duration pollEvery,
            @DefaultValue("process") String worker,
            @DefaultValue("256m") String workerHeap,
            @DefaultValue("1m") String workerStack,
            @DefaultValue("10s") Duration workerGrace,
            @DefaultValue("10") int workerNice,
            @DefaultValue("") String workerJvmOptions) {

        public Crawl {
            if (!worker.equals("process") && !worker.equals("in-process")) {
                throw new IllegalArgumentException(
                        "atrium.search.crawl.worker is process or in-process, not " + worker);
            }
            // Sizes go onto the worker's command line: a size, and nothing that could be read as another option.
            if (!workerHeap.matches("[0-9]+[kKmMgG]?") || !workerStack.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException(
                        "atrium.search.crawl.worker-heap and worker-stack are sizes such as 256m");
            }
        }
    }
}
