package io.atrium.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every SearchIndex must do; each adapter's test extends this. */
public abstract class SearchIndexContract {

    protected SearchIndex index;

    /** A fresh, empty index. */
    protected abstract SearchIndex create() throws Exception;

    @BeforeEach
    void open() throws Exception {
        index = create();
    }

    @AfterEach
    void close() {
        index.close();
    }

    public static PageDocument page(
            String tenant,
            String mp,
            String name,
            String version,
            String path,
            Map<String, String> query,
            String title,
            String text,
            String category,
            List<String> tags,
            Set<String> hosts) {
        return new PageDocument(
                tenant,
                mp,
                name,
                name + " description",
                version,
                path,
                query,
                title,
                List.of(title),
                text,
                category,
                tags,
                hosts);
    }

    static PageDocument page(String mp, String name, String path, String title, String text) {
        return page("t1", mp, name, "1.0.0", path, Map.of(), title, text, "tools", List.of("a"), Set.of("h1"));
    }

    protected static SearchQuery query(String text) {
        return new SearchQuery("t1", "h1", text, null, List.of(), 0, 10);
    }

    protected static List<String> programs(SearchResults results) {
        return results.hits().stream()
                .map(SearchResults.Hit::miniProgramId)
                .distinct()
                .toList();
    }

    @Test
    void findsPagesByTheirWordsAndRanksTheBestFirst() {
        index.replace(
                "t1",
                "mp-weather",
                List.of(
                        page(
                                "mp-weather",
                                "Weather",
                                "pages/index/index",
                                "Forecast",
                                "Sunny tomorrow with light wind in Shanghai"),
                        page("mp-weather", "Weather", "pages/radar/radar", "Radar", "Rain clouds moving east")));
        index.replace(
                "t1",
                "mp-news",
                List.of(page(
                        "mp-news", "Daily News", "pages/index/index", "Headlines", "Rain expected, markets calm")));
        SearchResults rain = index.search(query("rain"));
        assertThat(rain.total()).isEqualTo(2);
        assertThat(programs(index.search(query("forecast")))).containsExactly("mp-weather");
        assertThat(programs(index.search(query("weather")))).first().isEqualTo("mp-weather");
        assertThat(index.search(query("nothing-like-this")).hits()).isEmpty();
    }

    @Test
    void highlightsWhereTheWordsMatched() {
        index.replace(
                "t1",
                "mp-1",
                List.of(page("mp-1", "Recipes", "pages/index/index", "Noodles", "Hand-pulled noodles with chili oil")));
        SearchResults.Hit hit = index.search(query("chili")).hits().get(0);
        assertThat(hit.highlights()).anySatisfy(f -> assertThat(f).contains("<em>chili</em>"));
        assertThat(hit.pageUrl()).isEqualTo("pages/index/index");
        assertThat(hit.name()).isEqualTo("Recipes");
    }

    @Test
    void highlightsAreHtmlWithTheTextEscapedAndOnlyEmTags() {
        // A page's text is what it shows, and it may show markup as text: a highlight is HTML that
        // a client renders, so that text must come back escaped, with <em> the only real tag.
        String title = "Noodles <img src=x onerror=alert(1)>";
        String text = "Hand-pulled noodles <script>alert(1)</script> with chili & \"oil\"";
        index.replace("t1", "mp-1", List.of(page("mp-1", "Recipes", "pages/index/index", title, text)));
        List<String> highlights =
                index.search(query("alert noodles")).hits().get(0).highlights();
        assertThat(highlights).isNotEmpty().anySatisfy(f -> assertThat(f).contains("<em>alert</em>"));
        for (String fragment : highlights) {
            assertThat(fragment.replace("<em>", "").replace("</em>", ""))
                    .as(fragment)
                    .doesNotContain("<", ">");
            org.jsoup.nodes.Element body =
                    org.jsoup.Jsoup.parseBodyFragment(fragment).body();
            assertThat(body.select("*").not("body")).as(fragment).allSatisfy(e -> {
                assertThat(e.normalName()).isEqualTo("em");
                assertThat(e.attributes().size()).isZero();
            });
            // Unescaped, the fragment is the page's own text (fragments may be cut at either end).
            String shown = body.wholeText().replace(" ... ", " ").strip();
            assertThat(title + " " + text).as(fragment).contains(shown.substring(0, Math.min(shown.length(), 20)));
        }
        assertThat(String.join(" ", highlights)).contains("&lt;script&gt;", "&lt;img");
    }

    @Test
    void chineseQueriesMatchChineseText() {
        index.replace("t1", "mp-cn", List.of(page("mp-cn", "天气预报", "pages/index/index", "今日天气", "上海明天晴转多云，气温二十度")));
        index.replace("t1", "mp-other", List.of(page("mp-other", "新闻", "pages/index/index", "头条", "股市今天平稳")));
        assertThat(programs(index.search(query("天气")))).containsExactly("mp-cn");
        assertThat(programs(index.search(query("上海")))).containsExactly("mp-cn");
        assertThat(programs(index.search(query("股市")))).containsExactly("mp-other");
    }

    @Test
    void resultsAreScopedToTheTenantAndTheHostApp() {
        index.replace(
                "t1",
                "mp-a",
                List.of(page(
                        "t1",
                        "mp-a",
                        "Shop",
                        "1.0.0",
                        "pages/index/index",
                        Map.of(),
                        "Shop",
                        "coffee beans",
                        "shopping",
                        List.of(),
                        Set.of("h1"))));
        index.replace(
                "t1",
                "mp-b",
                List.of(page(
                        "t1",
                        "mp-b",
                        "Cafe",
                        "1.0.0",
                        "pages/index/index",
                        Map.of(),
                        "Cafe",
                        "coffee to go",
                        "food",
                        List.of(),
                        Set.of("h2"))));
        index.replace(
                "t2",
                "mp-c",
                List.of(page(
                        "t2",
                        "mp-c",
                        "Roaster",
                        "1.0.0",
                        "pages/index/index",
                        Map.of(),
                        "Roast",
                        "coffee roasting",
                        "food",
                        List.of(),
                        Set.of("h1"))));
        assertThat(programs(index.search(query("coffee")))).containsExactly("mp-a");
        assertThat(programs(index.search(new SearchQuery("t1", "h2", "coffee", null, List.of(), 0, 10))))
                .containsExactly("mp-b");
        assertThat(programs(index.search(new SearchQuery("t2", "h1", "coffee", null, List.of(), 0, 10))))
                .containsExactly("mp-c");
    }

    @Test
    void filtersByCategoryAndTags() {
        index.replace(
                "t1",
                "mp-a",
                List.of(page(
                        "t1",
                        "mp-a",
                        "A",
                        "1.0.0",
                        "p/a/a",
                        Map.of(),
                        "A",
                        "tea",
                        "food",
                        List.of("hot", "drink"),
                        Set.of("h1"))));
        index.replace(
                "t1",
                "mp-b",
                List.of(page(
                        "t1",
                        "mp-b",
                        "B",
                        "1.0.0",
                        "p/b/b",
                        Map.of(),
                        "B",
                        "tea",
                        "shopping",
                        List.of("drink"),
                        Set.of("h1"))));
        assertThat(programs(index.search(new SearchQuery("t1", "h1", "tea", "food", List.of(), 0, 10))))
                .containsExactly("mp-a");
        assertThat(programs(index.search(new SearchQuery("t1", "h1", "tea", null, List.of("drink"), 0, 10))))
                .containsExactlyInAnyOrder("mp-a", "mp-b");
        assertThat(programs(index.search(new SearchQuery("t1", "h1", "tea", null, List.of("drink", "hot"), 0, 10))))
                .containsExactly("mp-a");
    }

    @Test
    void pagesThroughResults() {
        List<PageDocument> pages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            pages.add(page(
                    "mp-many", "Many", "pages/p/p", Map.of("i", Integer.toString(i)), "Item " + i, "common word " + i));
        }
        index.replace("t1", "mp-many", pages);
        SearchResults first = index.search(new SearchQuery("t1", "h1", "common", null, List.of(), 0, 10));
        SearchResults third = index.search(new SearchQuery("t1", "h1", "common", null, List.of(), 2, 10));
        assertThat(first.total()).isEqualTo(25);
        assertThat(first.hits()).hasSize(10);
        assertThat(third.hits()).hasSize(5);
        assertThat(first.hits())
                .extracting(SearchResults.Hit::pageUrl)
                .doesNotContainAnyElementsOf(
                        third.hits().stream().map(SearchResults.Hit::pageUrl).toList());
    }

    static PageDocument page(
            String mp, String name, String path, Map<String, String> query, String title, String text) {
        return page("t1", mp, name, "1.0.0", path, query, title, text, "tools", List.of("a"), Set.of("h1"));
    }

    @Test
    void aNewReleaseReplacesTheOldPagesAndRemovesThoseGone() {
        index.replace(
                "t1",
                "mp-1",
                List.of(
                        page("mp-1", "App", "pages/a/a", "Old A", "alpha old"),
                        page("mp-1", "App", "pages/b/b", "Old B", "beta old")));
        List<PageDocument> next = List.of(page(
                "t1",
                "mp-1",
                "App",
                "2.0.0",
                "pages/a/a",
                Map.of(),
                "New A",
                "alpha new",
                "tools",
                List.of(),
                Set.of("h1")));
        index.replace("t1", "mp-1", next);
        assertThat(index.count()).isEqualTo(1);
        assertThat(index.search(query("beta")).hits()).isEmpty();
        assertThat(index.search(query("alpha")).hits())
                .singleElement()
                .satisfies(h -> assertThat(h.version()).isEqualTo("2.0.0"));
        assertThat(index.pages("t1", "mp-1")).containsExactlyElementsOf(next);
        index.remove("t1", "mp-1");
        assertThat(index.count()).isZero();
        assertThat(index.search(query("alpha")).hits()).isEmpty();
    }

    /** The pages as they are, shown to other host apps: what the indexer writes when associations change. */
    static List<PageDocument> withHosts(List<PageDocument> pages, Set<String> hosts) {
        return pages.stream()
                .map(p -> new PageDocument(
                        p.tenant(),
                        p.miniProgramId(),
                        p.name(),
                        p.description(),
                        p.version(),
                        p.pagePath(),
                        p.query(),
                        p.title(),
                        p.headings(),
                        p.text(),
                        p.category(),
                        p.tags(),
                        hosts))
                .toList();
    }

    @Test
    void hostAppsChangeWithoutARecrawl() {
        index.replace("t1", "mp-1", List.of(page("mp-1", "App", "pages/a/a", "A", "gamma")));
        assertThat(index.search(new SearchQuery("t1", "h9", "gamma", null, List.of(), 0, 10))
                        .hits())
                .isEmpty();
        index.replace("t1", "mp-1", withHosts(index.pages("t1", "mp-1"), Set.of("h1", "h9")));
        assertThat(index.search(new SearchQuery("t1", "h9", "gamma", null, List.of(), 0, 10))
                        .hits())
                .hasSize(1);
        index.replace("t1", "mp-1", withHosts(index.pages("t1", "mp-1"), Set.of()));
        assertThat(index.search(query("gamma")).hits()).isEmpty();
        assertThat(index.pages("t1", "mp-1")).hasSize(1);
    }

    @Test
    void theTotalCountsEveryHitNotJustTheFirstThousand() {
        List<SearchIndex.Replacement> batch = new ArrayList<>();
        for (int p = 0; p < 120; p++) {
            List<PageDocument> pages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pages.add(page("mp-" + p, "App " + p, "p/" + i + "/" + i, "Page " + i, "common words " + p));
            }
            batch.add(new SearchIndex.Replacement("t1", "mp-" + p, pages));
        }
        index.replaceAll(batch);
        SearchResults results = index.search(new SearchQuery("t1", "h1", "common", null, List.of(), 3, 10));
        assertThat(results.total()).isEqualTo(1_200);
        assertThat(results.hits()).hasSize(10);
    }

    @Test
    void aBulkReplacementShrinksRemovesAndAddsSeveralMiniProgramsAtOnce() {
        index.replace(
                "t1",
                "mp-1",
                List.of(page("mp-1", "One", "p/a/a", "A", "alpha"), page("mp-1", "One", "p/b/b", "B", "alpha")));
        index.replace("t1", "mp-2", List.of(page("mp-2", "Two", "p/a/a", "A", "alpha")));
        index.replaceAll(List.of(
                new SearchIndex.Replacement("t1", "mp-1", List.of(page("mp-1", "One", "p/b/b", "B", "beta"))),
                new SearchIndex.Replacement("t1", "mp-2", List.of()),
                new SearchIndex.Replacement("t1", "mp-3", List.of(page("mp-3", "Three", "p/a/a", "A", "gamma"))),
                // The last replacement of a mini-program in a batch wins.
                new SearchIndex.Replacement("t1", "mp-3", List.of(page("mp-3", "Three", "p/c/c", "C", "delta")))));
        assertThat(index.count()).isEqualTo(2);
        assertThat(index.pages("t1", "mp-1")).extracting(PageDocument::pagePath).containsExactly("p/b/b");
        assertThat(index.pages("t1", "mp-2")).isEmpty();
        assertThat(index.pages("t1", "mp-3")).extracting(PageDocument::pagePath).containsExactly("p/c/c");
        assertThat(index.search(query("alpha")).hits()).isEmpty();
        assertThat(programs(index.search(query("beta")))).containsExactly("mp-1");
    }

    @Test
    void withheldMiniProgramsAreLeftOutOfResultsCountsAndSuggestions() {
        index.replace(
                "t1",
                "mp-1",
                List.of(
                        page("mp-1", "Tea One", "p/a/a", "A", "green tea"),
                        page("mp-1", "Tea One", "p/b/b", "B", "tea cups")));
        index.replace("t1", "mp-2", List.of(page("mp-2", "Tea Two", "p/a/a", "A", "black tea")));
        // The same id in another tenant is not withheld by a withholding in t1.
        index.replace(
                "t2",
                "mp-1",
                List.of(page(
                        "t2",
                        "mp-1",
                        "Tea Other",
                        "1.0.0",
                        "p/a/a",
                        Map.of(),
                        "A",
                        "tea",
                        "tools",
                        List.of(),
                        Set.of("h1"))));
        SearchResults results =
                index.search(new SearchQuery("t1", "h1", "tea", null, List.of(), 0, 10, Set.of("mp-1")));
        assertThat(programs(results)).containsExactly("mp-2");
        assertThat(results.total()).isEqualTo(1);
        assertThat(index.suggest("t1", "h1", "tea", 10, Set.of("mp-1"))).containsExactly("Tea Two");
        assertThat(programs(index.search(new SearchQuery("t2", "h1", "tea", null, List.of(), 0, 10, Set.of("mp-2")))))
                .containsExactly("mp-1");
        assertThat(programs(index.search(query("tea")))).containsExactlyInAnyOrder("mp-1", "mp-2");
    }

    @Test
    void suggestsNamesByPrefixWithinScope() {
        index.replace(
                "t1",
                "mp-1",
                List.of(
                        page("mp-1", "Weather Now", "p/a/a", "A", "x"),
                        page("mp-1", "Weather Now", "p/b/b", "B", "y")));
        index.replace("t1", "mp-2", List.of(page("mp-2", "Web Shop", "p/a/a", "A", "x")));
        index.replace(
                "t1",
                "mp-3",
                List.of(page(
                        "t1", "mp-3", "Weekly", "1.0.0", "p/a/a", Map.of(), "A", "x", null, List.of(), Set.of("h2"))));
        index.replace("t1", "mp-4", List.of(page("mp-4", "天气通", "p/a/a", "A", "x")));
        assertThat(index.suggest("t1", "h1", "we", 10)).containsExactly("Weather Now", "Web Shop");
        assertThat(index.suggest("t1", "h1", "WEA", 10)).containsExactly("Weather Now");
        assertThat(index.suggest("t1", "h1", "天气", 10)).containsExactly("天气通");
        assertThat(index.suggest("t1", "h2", "we", 10)).containsExactly("Weekly");
        assertThat(index.suggest("t1", "h1", "we", 1)).hasSize(1);
    }

    @Test
    void aReplacementIsSeenWholeOrNotAtAll() throws Exception {
        List<PageDocument> three = List.of(
                page("mp-x", "X", "p/1/1", "one", "swap"),
                page("mp-x", "X", "p/2/2", "two", "swap"),
                page("mp-x", "X", "p/3/3", "three", "swap"));
        List<PageDocument> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(page(
                    "t1",
                    "mp-x",
                    "X",
                    "2.0.0",
                    "q/" + i + "/" + i,
                    Map.of(),
                    "t" + i,
                    "swap",
                    "tools",
                    List.of(),
                    Set.of("h1")));
        }
        index.replace("t1", "mp-x", three);
        AtomicBoolean running = new AtomicBoolean(true);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            while (running.get()) {
                seen.add(index.search(query("swap")).total());
            }
        });
        reader.start();
        for (int i = 0; i < 20; i++) {
            index.replace("t1", "mp-x", i % 2 == 0 ? five : three);
        }
        running.set(false);
        reader.join();
        assertThat(seen).isSubsetOf(3L, 5L);
    }
}
