package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.sdk.logic.SandboxLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlerTest {

    @TempDir
    Path dir;

    Crawler crawler(Crawler.Limits limits) {
        SandboxLimits sandbox = new SandboxLimits(2_000_000, Duration.ofMillis(500), 64L << 20, 200, 1 << 20, 16, Duration.ofMillis(4), 1 << 20);
        return new Crawler(AtriumRuntime.builder().storageDir(dir).limits(sandbox).build(), limits);
    }

    @Test
    void rendersEveryListedPageAndEveryLinkedQueryOnceAndSkipsFailingPagesWithTheirReason() {
        List<String> progress = new CopyOnWriteArrayList<>();
        Crawler.Result result = crawler(Crawler.Limits.DEFAULT).crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()),
                (done, known, failures) -> progress.add(done + "/" + known));
        assertThat(result.pages()).extracting(p -> Crawler.url(p.pagePath(), p.query())).containsExactly(
                "pages/index/index", "pages/item/item", "pages/about/about", "pages/item/item?id=1", "pages/item/item?id=2");
        Crawler.Page index = result.pages().get(0);
        assertThat(index.title()).isEqualTo("Teas");
        assertThat(index.headings()).containsExactly("Our teas");
        assertThat(index.text()).contains("Green tea").contains("About us").doesNotContain("secret staff notes");
        assertThat(index.links()).contains("/pages/item/item?id=1", "../about/about");
        Crawler.Page item1 = result.pages().get(3);
        assertThat(item1.text()).contains("Green tea from Hangzhou 龙井").contains("Item 1");
        assertThat(item1.title()).isEqualTo("Tea Shop");
        assertThat(result.pages().get(2).headings()).containsExactly("About");
        assertThat(result.failures()).extracting(Crawler.Failure::pageUrl).containsExactly("pages/broken/broken", "pages/loop/loop");
        assertThat(result.failures().get(0).reason()).contains("script failed").contains("TypeError");
        assertThat(result.failures().get(1).reason()).contains("sandbox limit");
        assertThat(progress).isNotEmpty().last().isEqualTo("5/7");
    }

    @Test
    void stopsAtItsPageLimitAndSaysSo() {
        Crawler.Result result = crawler(new Crawler.Limits(2, 5, Duration.ofSeconds(30)))
                .crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()), (d, k, f) -> { });
        assertThat(result.pages()).hasSize(2);
        assertThat(result.failures()).anySatisfy(f -> assertThat(f.reason()).contains("limit of 2 pages"));
    }

    @Test
    void depthLimitsHowFarLinksAreFollowed() {
        Crawler.Result result = crawler(new Crawler.Limits(100, 0, Duration.ofSeconds(30)))
                .crawl(TestPackages.open("mp-shop", "1.0.0", TestPackages.shop()), (d, k, f) -> { });
        assertThat(result.pages()).extracting(p -> Crawler.url(p.pagePath(), p.query()))
                .containsExactly("pages/index/index", "pages/item/item", "pages/about/about");
    }

    @Test
    void aSitemapRuleDecidesByPriorityAndParams() {
        Sitemap sitemap = Sitemap.parse("""
                {"rules": [
                  {"action": "disallow", "page": "*", "priority": 0},
                  {"action": "allow", "page": "pages/item/item", "params": ["id"], "matching": "inclusive", "priority": 5},
                  {"action": "disallow", "page": "pages/item/item", "params": ["id=2"], "matching": "partial", "priority": 9}]}""");
        assertThat(sitemap.allows("pages/item/item", Map.of("id", "1"))).isTrue();
        assertThat(sitemap.allows("pages/item/item", Map.of("id", "2"))).isFalse();
        assertThat(sitemap.allows("pages/item/item", Map.of())).isFalse();
        assertThat(sitemap.allows("pages/index/index", Map.of())).isFalse();
        assertThat(Sitemap.allowAll().allows("pages/x/x", Map.of())).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sitemap.parse("{\"rules\": [{\"action\": \"maybe\", \"page\": \"*\"}]}"))
                .hasMessageContaining("rules[0].action");
    }
}
