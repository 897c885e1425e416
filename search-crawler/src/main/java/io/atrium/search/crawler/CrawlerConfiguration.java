package io.atrium.search.crawler;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.search.SearchIndexConfiguration;
import io.atrium.search.SearchProperties;
import io.atrium.search.index.SearchIndex;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The crawler beside the projections: the {@code search} projection (picked up by the projection
 * runners), and the indexer that crawls releases and keeps the index matching it. Needs a
 * {@link SealedVersions} bean from the server.
 */
@Configuration(proxyBeanMethods = false)
@Import(SearchIndexConfiguration.class)
public class CrawlerConfiguration {

    @Bean
    SearchProjection searchProjection() {
        return new SearchProjection();
    }

    @Bean(destroyMethod = "close")
    PackageCrawler crawler(SearchProperties properties, @Value("${atrium.data-dir:./data}") Path dataDir) {
        AtriumRuntime runtime = AtriumRuntime.builder().storageDir(dataDir.toAbsolutePath().normalize().resolve("crawler")).build();
        SearchProperties.Crawl c = properties.crawl();
        return new InProcessCrawler(new Crawler(runtime, new Crawler.Limits(c.maxPages(), c.maxDepth(), c.maxTime())), java.time.Duration.ofSeconds(10));
    }

    @Bean(destroyMethod = "close")
    SearchIndexer searchIndexer(@Qualifier("readModelClient") DatabaseClient readModelClient, SearchIndex index, SealedVersions sealed,
                                PackageCrawler crawler, SearchProperties properties) {
        return new SearchIndexer(readModelClient, index, sealed, crawler).start(properties.crawl().pollEvery());
    }

    /**
     * Stops the indexer as soon as the context starts closing, not when its bean is destroyed: by then
     * the embedded read model could be closed (H2 closes it from its own JVM shutdown hook), and a
     * poll logged a failure at shutdown under load. This narrows that race; it does not remove it.
     */
    @Bean
    ApplicationListener<ContextClosedEvent> searchIndexerStopsOnClose(SearchIndexer indexer) {
        return event -> indexer.close();
    }
}
