package io.atrium.search.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageExtractorTest {

    @Test
    void adjacentElementsAreSeparateWordsButFormattingStaysInsideAWord() {
        PageExtractor.Extracted page = PageExtractor.extract("<div class=\"ft-page\"><div><span class=\"title\">Teas of 1.0.0</span>"
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
        assertThat(page.text()).hasSize(PageExtractor.MAX_TEXT).doesNotContain("\n").doesNotContain("  ");
    }
}
