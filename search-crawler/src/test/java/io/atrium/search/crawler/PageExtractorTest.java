package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PageExtractorTest {

    @Test
    void adjacentElementsAreSeparateWordsButFormattingStaysInsideAWord() {
        PageExtractor.Extracted page =
                PageExtractor.extract("<div class=\"ft-page\"><div><span class=\"title\">Teas of 1.0.0</span>"
                        + "<a data-ft-url=\"/pages/item/item?id=1\">Longjing</a><a data-ft-url=\"/pages/item/item?id=2\">Tieguanyin</a>"
                        + "<span>spring<b>time</b> harvest</span><span hidden>staff only</span></div></div>");
        assertThat(page.text()).isEqualTo("Teas of 1.0.0 Longjing Tieguanyin springtime harvest");
        assertThat(page.headings()).containsExactly("Teas of 1.0.0");
        assertThat(page.links()).containsExactly("/pages/item/item?id=1", "/pages/item/item?id=2");
    }

    @Test
    void textIsCappedAndWhitespaceCollapsed() {
        String words = "龙井 tea\n\t ".repeat(5_000);
        PageExtractor.Extracted page = PageExtractor.extract("<div><span>" + words + "</span></div>");
        assertThat(page.text())
                .hasSize(PageExtractor.MAX_TEXT)
                .doesNotContain("\n")
                .doesNotContain("  ");
    }

    @Test
    void aHugePageIsExtractedInLinearTimeWithItsListsCappedAndDuplicatesStillRemoved() {
        // 100,000 headings and 100,000 links, each written twice: the duplicate checks once took
        // 21 s on such a page. The timeout is only a guard against a hang, not a benchmark.
        StringBuilder html = new StringBuilder("<div>");
        for (int i = 0; i < 50_000; i++) {
            html.append("<h2>Heading ")
                    .append(i)
                    .append("</h2><h2>Heading ")
                    .append(i)
                    .append("</h2>")
                    .append("<a data-ft-url=\"/p?id=")
                    .append(i)
                    .append("\">x</a><a data-ft-url=\"/p?id=")
                    .append(i)
                    .append("\">x</a>");
        }
        html.append("</div>");
        PageExtractor.Extracted page =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> PageExtractor.extract(html.toString()));
        assertThat(page.headings())
                .hasSize(PageExtractor.MAX_HEADINGS)
                .doesNotHaveDuplicates()
                .startsWith("Heading 0", "Heading 1");
        assertThat(page.links())
                .hasSize(PageExtractor.MAX_LINKS)
                .doesNotHaveDuplicates()
                .startsWith("/p?id=0", "/p?id=1");
        assertThat(page.text()).hasSize(PageExtractor.MAX_TEXT);
    }
}
