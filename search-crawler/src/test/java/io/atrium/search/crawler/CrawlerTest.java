package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sitemap rules; what a crawl renders is {@link CrawlerContract}'s, run against each adapter. */
class CrawlerTest {

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
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Sitemap.parse("{\"rules\": [{\"action\": \"maybe\", \"page\": \"*\"}]}"))
                .hasMessageContaining("rules[0].action");
    }
}
