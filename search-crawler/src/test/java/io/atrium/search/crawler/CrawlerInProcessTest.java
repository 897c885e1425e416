package io.atrium.search.crawler;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.logic.SandboxLimits;

/** The contract against {@link InProcessCrawler}. */
class CrawlerInProcessTest extends CrawlerContract {

    @Override
    PackageCrawler adapter(Crawler.Limits limits, SandboxLimits sandbox) {
        // As CrawlerConfiguration builds it: the runtime's listener tallies what the sandbox refused.
        SandboxTally tally = new SandboxTally();
        return new InProcessCrawler(
                new Crawler(
                        AtriumRuntime.builder()
                                .storageDir(dir)
                                .limits(sandbox)
                                .listener(tally)
                                .build(),
                        limits,
                        tally),
                GRACE);
    }
}
