package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.logic.SandboxLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crawl does, whichever {@link PackageCrawler} runs it: the same assertions against the
 * in-process adapter and the worker process.
 */
abstract class CrawlerContract {

    /** Tight sandbox limits, so the looping page of the shop breaks one quickly. */
    static final SandboxLimits SANDBOX = new SandboxLimits(
            2_000_000, Duration.ofMillis(500), 64L << 20, 200, 1 << 20, 16, Duration.ofMillis(4), 1 << 20);

    static final Duration GRACE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    final List<PackageCrawler> opened = new CopyOnWriteArrayList<>();

    /** An adapter with these limits and {@link #GRACE}. */
    abstract PackageCrawler adapter(Crawler.Limits limits, SandboxLimits sandbox);

    /** An adapter whose sandbox has the {@link #SANDBOX tight limits}. */
    PackageCrawler crawler(Crawler.Limits limits) {
        return crawler(limits, SANDBOX);
    }

    PackageCrawler crawler(Crawler.Limits limits, SandboxLimits sandbox) {
        PackageCrawler crawler = adapter(limits, sandbox);
        opened.add(crawler);
        return crawler;
    }

    @AfterEach
    void closeCrawlers() {
        opened.forEach(PackageCrawler::close);
    }

    @Test
    void rendersEveryListedPageAndEveryLinkedQueryOnceAndSkipsFailingPagesWithTheirReason() {
        List<String> progress = new CopyOnWriteArrayList<>();
        List<String> streamed = new CopyOnWriteArrayList<>();
        Crawler.Result result = crawler(Crawler.Limits.DEFAULT)
                .crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()), new Crawler.Progress() {
                    @Override
                    public void update(int done, int known, List<Crawler.Failure> failures) {
                        progress.add(done + "/" + known);
                    }

                    @Override
                    public void page(Crawler.Page page) {
                        streamed.add(Crawler.url(page.pagePath(), page.query()));
                    }
                });
        assertThat(result.failed()).as(result.failedBecause()).isFalse();
        assertThat(result.pages())
                .extracting(p -> Crawler.url(p.pagePath(), p.query()))
                .containsExactly(
                        "pages/index/index",
                        "pages/item/item",
                        "pages/about/about",
                        "pages/item/item?id=1",
                        "pages/item/item?id=2");
        assertThat(streamed)
                .as("pages reach the caller as they are rendered")
                .containsExactlyElementsOf(result.pages().stream()
                        .map(p -> Crawler.url(p.pagePath(), p.query()))
                        .toList());
        Crawler.Page index = result.pages().get(0);
        assertThat(index.title()).isEqualTo("Teas");
        assertThat(index.headings()).containsExactly("Our teas");
        assertThat(index.text()).contains("Green tea").contains("About us").doesNotContain("secret staff notes");
        assertThat(index.links()).contains("/pages/item/item?id=1", "../about/about");
        Crawler.Page item1 = result.pages().get(3);
        assertThat(item1.text()).contains("Green tea from Hangzhou 龙井").contains("Item 1");
        assertThat(item1.title()).isEqualTo("Tea Shop");
        assertThat(result.pages().get(2).headings()).containsExactly("About");
        assertThat(result.failures())
                .extracting(Crawler.Failure::pageUrl)
                .containsExactly("pages/broken/broken", "pages/loop/loop");
        assertThat(result.failures().get(0).reason()).contains("script failed").contains("TypeError");
        assertThat(result.failures().get(1).reason()).contains("sandbox limit");
        assertThat(progress).isNotEmpty().last().isEqualTo("5/7");
    }

    @Test
    void saysWhatTheSandboxRefusedByKindAndNamesNoApiOrHost() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.json", "{\"pages\": [\"pages/call/call\", \"pages/loop/loop\", \"pages/end/end\"]}");
        files.put("app.js", "App({});");
        // The crawler's policy grants no network: the call is denied, and the page renders anyway.
        files.put(
                "pages/call/call.js", "Page({ onLoad() { wx.request({ url: 'https://tracker.example.com/x' }); } });");
        files.put("pages/call/call.wxml", "<view>calls out</view>");
        files.put("pages/loop/loop.js", "Page({ onLoad() { while (true) {} } });");
        files.put("pages/loop/loop.wxml", "<view>never</view>");
        files.put("pages/end/end.js", "Page({});");
        files.put("pages/end/end.wxml", "<view>the end</view>");
        Crawler.Result result =
                crawler(Crawler.Limits.DEFAULT).crawl(TestPackages.open("mp-refused", "1.0.0", files), (d, k, f) -> {});
        assertThat(result.failed()).as(result.failedBecause()).isFalse();
        assertThat(result.pages()).extracting(Crawler.Page::pagePath).contains("pages/call/call", "pages/end/end");
        assertThat(result.refused().denials()).as("denials").isNotEmpty();
        assertThat(SandboxTally.DENIAL_KINDS)
                .containsAll(result.refused().denials().keySet());
        assertThat(result.refused().violations()).as("violations").isNotEmpty();
        assertThat(SandboxTally.VIOLATION_KINDS)
                .containsAll(result.refused().violations().keySet());
    }

    @Test
    void stopsAtItsPageLimitAndSaysSo() {
        Crawler.Result result = crawler(new Crawler.Limits(2, 5, Duration.ofSeconds(30)))
                .crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()), (d, k, f) -> {});
        assertThat(result.pages()).hasSize(2);
        assertThat(result.failures()).anySatisfy(f -> assertThat(f.reason()).contains("limit of 2 pages"));
    }

    @Test
    void depthLimitsHowFarLinksAreFollowed() {
        Crawler.Result result = crawler(new Crawler.Limits(100, 0, Duration.ofSeconds(30)))
                .crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()), (d, k, f) -> {});
        assertThat(result.pages())
                .extracting(p -> Crawler.url(p.pagePath(), p.query()))
                .containsExactly("pages/index/index", "pages/item/item", "pages/about/about");
    }

    /**
     * The security review's page: a timer whose ticks take longer than its period. It held the
     * crawl (and every crawl after it) for good; now its ticks are coalesced, its page renders, the
     * crawl ends well within its limit, and the same adapter crawls the next package. (The
     * sandbox's default limits, as the server has them.)
     */
    @Test
    void aHungTimerNoLongerHoldsTheCrawlAndTheNextCrawlGoesOn() {
        PackageCrawler crawler = crawler(new Crawler.Limits(200, 5, Duration.ofSeconds(3)), SandboxLimits.DEFAULT);
        crawler.crawl(TestPackages.open("mp-good", "1.0.0", TestPackages.hostile("well-behaved")), (d, k, f) -> {});
        long start = System.nanoTime();
        Crawler.Result hung = crawler.crawl(
                TestPackages.open("mp-hung", "1.0.0", TestPackages.hostile("hung-timer")), (d, k, f) -> {});
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took)
                .as("within the limit plus the grace")
                .isLessThan(Duration.ofSeconds(3).plus(GRACE));
        assertThat(hung.failed()).as(hung.toString()).isFalse();
        assertThat(hung.pages())
                .as(hung.toString())
                .extracting(Crawler.Page::title)
                .containsExactly("Hung timer");

        Crawler.Result next = crawler.crawl(
                TestPackages.open("mp-good", "1.0.0", TestPackages.hostile("well-behaved")), (d, k, f) -> {});
        assertThat(next.failed()).as(next.failedBecause()).isFalse();
        assertThat(next.pages())
                .extracting(Crawler.Page::text)
                .anySatisfy(t -> assertThat(t).contains("Hello, crawler"));
        assertThat(next.pages()).hasSize(2);
    }
}
