package io.atrium.search;

import io.atrium.search.elasticsearch.ElasticsearchSearchIndex;
import io.atrium.search.index.SearchIndex;
import io.atrium.search.lucene.LuceneSearchIndex;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The search index the configuration names: Lucene under the data dir by default, or Elasticsearch. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
public class SearchIndexConfiguration {

    @Bean(destroyMethod = "close")
    SearchIndex searchIndex(SearchProperties properties, @Value("${atrium.data-dir:./data}") Path dataDir) {
        return switch (properties.index()) {
            case "lucene" -> new LuceneSearchIndex(dataDir.toAbsolutePath().normalize().resolve("search"));
            case "elasticsearch" -> new ElasticsearchSearchIndex(properties.elasticsearch().url(), properties.elasticsearch().indexName(),
                    properties.elasticsearch().analyzer());
            default -> throw new IllegalStateException("atrium.search.index is '" + properties.index() + "'; it must be lucene or elasticsearch");
        };
    }
}
