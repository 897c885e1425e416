package io.atrium.search;

import io.atrium.search.crawler.SearchIndexer;
import io.atrium.search.elasticsearch.ElasticsearchSearchIndex;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.lucene.LuceneSearchIndex;
import java.nio.file.Path;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The search index the configuration names: Lucene under the data dir by default, or Elasticsearch. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
public class SearchIndexConfiguration {

    /**
     * Lucene allows one writer per folder, and several nodes may share a data dir: the node that runs
     * the indexer (the projections role) writes the index, every other node reads its commits.
     */
    @Bean(destroyMethod = "close")
    SearchIndex searchIndex(
            SearchProperties properties, @Value("${atrium.data-dir:./data}") Path dataDir, ListableBeanFactory beans) {
        return switch (properties.index()) {
            case "lucene" -> {
                Path folder = dataDir.toAbsolutePath().normalize().resolve("search");
                boolean indexes = beans.getBeanNamesForType(SearchIndexer.class, true, false).length > 0;
                yield indexes ? LuceneSearchIndex.writable(folder) : LuceneSearchIndex.readOnly(folder);
            }
            case "elasticsearch" ->
                new ElasticsearchSearchIndex(
                        properties.elasticsearch().url(),
                        properties.elasticsearch().indexName(),
                        properties.elasticsearch().analyzer());
            default ->
                throw new IllegalStateException(
                        "atrium.search.index is '" + properties.index() + "'; it must be lucene or elasticsearch");
        };
    }
}
