package io.atrium.search.crawler;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.search.SearchIndexConfiguration;
import io.atrium.search.SearchProperties;
import io.atrium.search.index.SearchIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
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
 * runners), the crawl port ({@link PackageCrawler}: a worker process by default), and the indexer
 * that crawls releases through it and keeps the index matching. Needs a {@link SealedVersions}
 * bean from the server.
 */
@Configuration(proxyBeanMethods = false)
@Import(SearchIndexConfiguration.class)
public class CrawlerConfiguration {

    @Bean
    SearchProjection searchProjection() {
        return new SearchProjection();
    }

    /**
     * The crawl port: by default a worker process of its own ({@code atrium.search.crawl.worker=process}),
     * so that untrusted pages never run in the server's heap; {@code in-process} on request.
     */
    @Bean(destroyMethod = "close")
    PackageCrawler packageCrawler(SearchProperties properties, @Value("${atrium.data-dir:./data}") Path dataDir) {
        SearchProperties.Crawl c = properties.crawl();
        Crawler.Limits limits = new Crawler.Limits(c.maxPages(), c.maxDepth(), c.maxTime());
        Path root = dataDir.toAbsolutePath().normalize();
        if (c.worker().equals("in-process")) {
            SandboxTally tally = new SandboxTally();
            AtriumRuntime runtime = AtriumRuntime.builder()
                    .storageDir(root.resolve("crawler"))
                    .listener(tally)
                    .build();
            return new InProcessCrawler(new Crawler(runtime, limits, tally), c.workerGrace());
        }
        List<String> options = c.workerJvmOptions().isBlank()
                ? List.of()
                : List.of(c.workerJvmOptions().trim().split("\\s+"));
        WorkerProcessCrawler.Settings defaults = WorkerProcessCrawler.Settings.of(limits, root.resolve("crawl-worker"));
        return new WorkerProcessCrawler(new WorkerProcessCrawler.Settings(
                limits,
                defaults.sandbox(),
                defaults.storageDir(),
                c.workerHeap(),
                c.workerStack(),
                c.workerNice(),
                c.workerGrace(),
                defaults.startTimeout(),
                options));
    }

    @Bean(destroyMethod = "close")
    SearchIndexer searchIndexer(
            @Qualifier("readModelClient") DatabaseClient readModelClient,
            SearchIndex index,
            SealedVersions sealed,
            PackageCrawler crawler,
            SearchProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        MeterRegistry found = registry.getIfUnique();
        CrawlMetrics metrics = found == null ? CrawlMetrics.none() : new CrawlMetrics(found);
        return new SearchIndexer(readModelClient, index, sealed, crawler, metrics)
                .start(properties.crawl().pollEvery());
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
