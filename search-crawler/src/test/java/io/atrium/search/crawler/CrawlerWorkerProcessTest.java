package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.logic.SandboxLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract against {@link WorkerProcessCrawler}, and what only a worker process can show. */
class CrawlerWorkerProcessTest extends CrawlerContract {

    @Override
    PackageCrawler adapter(Crawler.Limits limits, SandboxLimits sandbox) {
        return new WorkerProcessCrawler(settings(limits, sandbox));
    }

    /** A small heap, so that a page can exhaust it quickly. */
    WorkerProcessCrawler.Settings settings(Crawler.Limits limits, SandboxLimits sandbox) {
        return WorkerProcessCrawler.Settings.of(limits, dir.resolve("worker"))
                .withSandbox(sandbox)
                .withGrace(GRACE)
                .withHeap("64m");
    }

    @Test
    void aPageThatKillsItsWorkerFailsThatCrawlOnlyAndAFreshWorkerTakesTheNext() {
        WorkerProcessCrawler crawler = (WorkerProcessCrawler) crawler(Crawler.Limits.DEFAULT, SandboxLimits.DEFAULT);
        Crawler.Result hog = crawler.crawl(
                TestPackages.open("mp-hog", "1.0.0", TestPackages.hostile("memory-hog")), (d, k, f) -> {});
        assertThat(hog.failed()).as(hog.toString()).isTrue();
        assertThat(hog.failedBecause()).contains("ran out of memory");
        assertThat(crawler.workerPid()).as("the dead worker is gone").isEmpty();

        Crawler.Result next = crawler.crawl(
                TestPackages.open("mp-good", "1.0.0", TestPackages.hostile("well-behaved")), (d, k, f) -> {});
        assertThat(next.failed()).as(next.failedBecause()).isFalse();
        assertThat(next.pages()).hasSize(2);
        assertThat(crawler.workersStarted()).isEqualTo(2);
    }

    @Test
    void oneWorkerServesCrawlAfterCrawl() {
        WorkerProcessCrawler crawler = (WorkerProcessCrawler) crawler(Crawler.Limits.DEFAULT);
        for (int i = 0; i < 5; i++) {
            assertThat(crawler.crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()), (d, k, f) -> {})
                            .pages())
                    .hasSize(5);
        }
        assertThat(crawler.workersStarted()).isEqualTo(1);
        long pid = crawler.workerPid().orElseThrow();
        crawler.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("closing ends the worker")
                .isFalse();
    }

    @Test
    void theWorkerGetsNoneOfTheServersEnvironment() throws Exception {
        List<String> command = WorkerProcessCrawler.command(settings(Crawler.Limits.DEFAULT, SANDBOX), dir);
        assertThat(command).contains("-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-XX:ActiveProcessorCount=1");
        assertThat(command).noneMatch(arg -> arg.contains("atrium.data-dir") || arg.contains("API_KEY"));
    }

    @Test
    void aFrameThatIsTooLongOrNotJsonIsMalformed() throws Exception {
        byte[] tooLong = {0x7f, 0, 0, 0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        CrawlWorkerProtocol.read(new ByteArrayInputStream(tooLong), CrawlWorkerProtocol.Reply.class))
                .isInstanceOf(CrawlWorkerProtocol.MalformedFrame.class)
                .hasMessageContaining("frame length");
        byte[] garbage = {0, 0, 0, 3, 'a', 'b', 'c'};
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        CrawlWorkerProtocol.read(new ByteArrayInputStream(garbage), CrawlWorkerProtocol.Reply.class))
                .isInstanceOf(CrawlWorkerProtocol.MalformedFrame.class);
        byte[] cut = {0, 0, 0, 9, '{'};
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CrawlWorkerProtocol.read(new ByteArrayInputStream(cut), CrawlWorkerProtocol.Reply.class))
                .isInstanceOf(CrawlWorkerProtocol.MalformedFrame.class)
                .hasMessageContaining("inside a frame");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CrawlWorkerProtocol.write(
                out, CrawlWorkerProtocol.Reply.progress(1, 2, List.of(new Crawler.Failure("p", "r"))));
        assertThat(CrawlWorkerProtocol.read(
                                new ByteArrayInputStream(out.toByteArray()), CrawlWorkerProtocol.Reply.class)
                        .failures())
                .containsExactly(new Crawler.Failure("p", "r"));
    }
}
