package io.atrium.search.crawler;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.logic.SandboxLimits;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The contract against {@link InProcessCrawler}. */
class CrawlerInProcessTest extends CrawlerContract {

    @Override
    PackageCrawler adapter(Crawler.Limits limits, SandboxLimits sandbox) {
        return new InProcessCrawler(new Crawler(AtriumRuntime.builder().storageDir(dir).limits(sandbox).build(), limits), GRACE);
    }

    /**
     * Passes (the crawl is abandoned at its deadline and answered failed), but the page's timer
     * thread cannot be stopped from outside the sandbox: it would spin on a core of the test JVM
     * until it exits. Enable it once the runtime's sessions have deadlines of their own.
     */
    @Override
    @Test
    @Disabled("the abandoned sandbox thread keeps a core busy for the rest of the test JVM; the worker process covers this")
    void aHungTimerEndsItsCrawlWithinTheLimitAsFailedAndTheNextCrawlGoesOn() {
        super.aHungTimerEndsItsCrawlWithinTheLimitAsFailedAndTheNextCrawlGoesOn();
    }
}
