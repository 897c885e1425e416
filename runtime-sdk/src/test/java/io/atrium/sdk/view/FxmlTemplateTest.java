package io.atrium.sdk.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FxmlTemplateTest {

    private final Map<String, String> files = new HashMap<>();

    private Rendered render(String template, Map<String, Object> data) {
        files.put("pages/index/index.fxml", template);
        return FxmlTemplate.compile("pages/index/index.fxml", files::get).render(data);
    }

    private String html(String template, Map<String, Object> data) {
        String html = render(template, data).html();
        return html.substring("<div class=\"ft-page\">".length(), html.length() - "</div>".length());
    }

    @Test
    void bindsTextAndAttributesAndMapsComponents() {
        assertThat(html(
                        "<view class=\"card {{kind}}\" id=\"c\"><text>{{greeting}}, {{name}}!</text><image src=\"{{src}}\"/></view>",
                        Map.of("kind", "big", "greeting", "Hello", "name", "Ann", "src", "/a.png")))
                .isEqualTo("<div class=\"card big\" id=\"c\"><span>Hello, Ann!</span><img src=\"/a.png\"></div>");
    }

    @Test
    void escapesWhatTheDataHolds() {
        String out = html("<view title=\"{{t}}\">{{t}}</view>", Map.of("t", "<script>alert(\"x\")</script>"));
        assertThat(out).doesNotContain("<script>").contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    }

    @Test
    void choosesTheFirstTrueBranch() {
        String t =
                "<view ft:if=\"{{n > 10}}\">big</view><view ft:elif=\"{{n > 5}}\">medium</view><view ft:else>small</view><text>after</text>";
        assertThat(html(t, Map.of("n", 20L))).isEqualTo("<div>big</div><span>after</span>");
        assertThat(html(t, Map.of("n", 7L))).isEqualTo("<div>medium</div><span>after</span>");
        assertThat(html(t, Map.of("n", 1L))).isEqualTo("<div>small</div><span>after</span>");
    }

    @Test
    void acceptsWxmlPrefixesAndComparisonsInsideBindings() {
        assertThat(html("<view wx:if=\"{{a<b && b>0}}\">{{a<b ? 'less' : 'more'}}</view>", Map.of("a", 1L, "b", 2L)))
                .isEqualTo("<div>less</div>");
    }

    @Test
    void loopsWithItemIndexAndKeys() {
        Rendered r = render(
                "<view ft:for=\"{{users}}\" ft:for-item=\"u\" ft:for-index=\"i\" ft:key=\"id\" data-id=\"{{u.id}}\">{{i + 1}}. {{u.name}}</view>",
                Map.of("users", List.of(Map.of("id", 7L, "name", "Ann"), Map.of("id", 9L, "name", "Bo"))));
        assertThat(r.html()).contains("<div data-id=\"7\">1. Ann</div><div data-id=\"9\">2. Bo</div>");
        assertThat(((VNode.Element) r.root().children().get(1)).key()).isEqualTo("9");
        assertThat(((VNode.Element) r.root().children().get(1)).dataset()).containsEntry("id", 9L);
    }

    @Test
    void loopsOverBlocksWithConditionsInside() {
        String t = "<block wx:for=\"{{items}}\"><text wx:if=\"{{item.show}}\">{{item.label}}</text></block>";
        assertThat(html(
                        t,
                        Map.of(
                                "items",
                                List.of(
                                        Map.of("show", true, "label", "a"),
                                        Map.of("show", false, "label", "b"),
                                        Map.of("show", true, "label", "c")))))
                .isEqualTo("<span>a</span><span>c</span>");
    }

    @Test
    void callsTemplatesWithDataAndSpread() {
        String t = "<template name=\"badge\"><text class=\"badge\">{{label}}: {{count}}</text></template>"
                + "<template is=\"badge\" data=\"{{...stats}}\"/><template is=\"badge\" data=\"{{label: 'x', count: n * 2}}\"/>";
        assertThat(html(t, Map.of("stats", Map.of("label", "likes", "count", 3L), "n", 4L)))
                .isEqualTo("<span class=\"badge\">likes: 3</span><span class=\"badge\">x: 8</span>");
    }

    @Test
    void importsTemplatesAndIncludesContent() {
        files.put("common/item.wxml", "<template name=\"item\"><view class=\"item\">{{title}}</view></template>");
        files.put(
                "common/footer.wxml",
                "<template name=\"hidden\"><view>not rendered</view></template><view class=\"footer\">{{year}}</view>");
        String t =
                "<import src=\"../../common/item.wxml\"/><template is=\"item\" data=\"{{title: 'T'}}\"/><include src=\"/common/footer.wxml\"/>";
        assertThat(html(t, Map.of("year", 2026L)))
                .isEqualTo("<div class=\"item\">T</div><div class=\"footer\">2026</div>");
    }

    @Test
    void anImportedTemplateUsesWhatItsOwnFileImportsButTheImporterDoesNot() {
        files.put("common/badge.wxml", "<template name=\"badge\"><text class=\"badge\">{{n}}</text></template>");
        files.put(
                "common/card.wxml",
                "<import src=\"./badge\"/><template name=\"card\"><view class=\"card\">{{title}}"
                        + "<template is=\"badge\" data=\"{{n: count}}\"/></view></template>");
        // An import cycle imports nothing more, and does not loop.
        files.put("common/loop.wxml", "<import src=\"./card\"/><import src=\"./loop\"/><template name=\"l\"/>");
        String t = "<import src=\"../../common/card\"/><import src=\"../../common/loop\"/>"
                + "<template is=\"card\" data=\"{{title: 'Tea', count: 3}}\"/>";
        assertThat(html(t, Map.of())).isEqualTo("<div class=\"card\">Tea<span class=\"badge\">3</span></div>");
        // WXML's rule: what card.wxml imported is not the importer's.
        assertThatThrownBy(() -> render(
                        "<import src=\"../../common/card\"/><template is=\"badge\" data=\"{{n: 1}}\"/>", Map.of()))
                .hasMessageContaining("names no template");
    }

    @Test
    void anImportOrIncludeMayLeaveOutTheExtension() {
        files.put("common/price.wxml", "<template name=\"price\"><text>{{amount}} CNY</text></template>");
        files.put("common/note.wxml", "<text>tax included</text>");
        String t = "<import src=\"../../common/price\"/><template is=\"price\" data=\"{{amount: 12}}\"/>"
                + "<include src=\"/common/note\"/>";
        assertThat(html(t, Map.of())).isEqualTo("<span>12 CNY</span><span>tax included</span>");
        assertThatThrownBy(() -> render("<import src=\"../../common/nothing\"/>", Map.of()))
                .hasMessageContaining("names no file");
    }

    @Test
    void refusesMissingImportsAndUnknownTemplates() {
        assertThatThrownBy(() -> render("<import src=\"nope.wxml\"/>", Map.of()))
                .hasMessageContaining("names no file");
        assertThatThrownBy(() -> render("<template is=\"nope\"/>", Map.of())).hasMessageContaining("names no template");
        assertThatThrownBy(() -> render("<view ft:else>x</view>", Map.of())).hasMessageContaining("without an ft:if");
        assertThatThrownBy(() -> render("<view>{{a +}}</view>", Map.of()))
                .hasMessageContaining("pages/index/index.fxml");
        files.put("loop.wxml", "<include src=\"loop.wxml\"/>");
        assertThatThrownBy(() -> render("<include src=\"/loop.wxml\"/>", Map.of()))
                .hasMessageContaining("includes itself");
    }

    @Test
    void marksEventBindingsAndNavigators() {
        String out = html(
                "<view bindtap=\"outer\"><button id=\"go\" catchtap=\"inner\" bind:longpress=\"hold\">Go</button>"
                        + "<navigator url=\"/pages/about/about?x=1\">About</navigator><input id=\"q\" value=\"{{q}}\" bindinput=\"typed\"/></view>",
                Map.of("q", "hi"));
        assertThat(out)
                .contains("data-ft-bind-tap=\"outer\"")
                .contains("data-ft-catch-tap=\"inner\"")
                .contains("data-ft-bind-longpress=\"hold\"")
                .contains("<a href=\"#\" data-ft-url=\"/pages/about/about?x=1\">About</a>")
                .contains("<input id=\"q\" value=\"hi\" data-ft-bind-input=\"typed\">");
    }

    @Test
    void routesEventsUpThroughBindAndStopsAtCatch() {
        Rendered r = render(
                "<view id=\"page\" bindtap=\"onPage\"><view id=\"card\" catchtap=\"onCard\" data-kind=\"{{k}}\">"
                        + "<button id=\"b\" bindtap=\"onButton\">x</button></view><button id=\"free\" bindtap=\"onFree\">y</button></view>",
                Map.of("k", 5L));
        assertThat(r.handlers("b", "tap")).extracting(Rendered.Handler::handler).containsExactly("onButton", "onCard");
        assertThat(r.handlers("b", "tap").get(1).currentTarget().dataset()).containsEntry("kind", 5L);
        assertThat(r.handlers("free", "tap"))
                .extracting(Rendered.Handler::handler)
                .containsExactly("onFree", "onPage");
        assertThat(r.handlers("nope", "tap")).isEmpty();
        assertThat(r.find("b").orElseThrow().path()).isEqualTo("0.0.0");
        assertThat(r.handlers("0.0.0", "tap"))
                .extracting(Rendered.Handler::handler)
                .containsExactly("onButton", "onCard");
        // Element-only indexes, as a browser counts Element.children.
        assertThat(r.find("@0.1").orElseThrow().id()).isEqualTo("free");
        assertThat(r.handlers("@0.0.0", "tap"))
                .extracting(Rendered.Handler::handler)
                .containsExactly("onButton", "onCard");
        assertThat(r.find("@0.5")).isEmpty();
    }

    @Test
    void identicalSiblingsHaveTheirOwnPaths() {
        Rendered r = render("<view><text>same</text>x<text>same</text></view>", Map.of());
        assertThat(r.find("@0.1").orElseThrow().path()).isEqualTo("0.2");
    }

    @Test
    void convertsRpxAndKeepsHiddenElementsOutOfTheTextView() {
        Rendered r = render(
                "<view style=\"width: 750rpx; margin: 15rpx\">W</view><view hidden=\"{{true}}\">secret</view>"
                        + "<button id=\"b\">Press</button><navigator url=\"/x\">Next</navigator>",
                Map.of());
        assertThat(r.html()).contains("style=\"width: 100vw; margin: 2vw\"");
        assertThat(r.text()).isEqualTo("W\n[Press](#b) Next -> /x");
    }

    @Test
    void patchesOnlyWhatChanged() {
        files.put(
                "p.fxml",
                "<view><text id=\"count\">{{count}}</text><text>static</text>"
                        + "<view ft:for=\"{{items}}\" ft:key=\"*this\">{{item}}</view></view>");
        FxmlTemplate template = FxmlTemplate.compile("p.fxml", files::get);
        Rendered before = template.render(Map.of("count", 1L, "items", List.of("a", "b")));
        Rendered same = template.render(Map.of("count", 1L, "items", List.of("a", "b")));
        assertThat(same.diff(before)).isEmpty();
        Rendered counted = template.render(Map.of("count", 2L, "items", List.of("a", "b")));
        assertThat(counted.diff(before)).containsExactly(new Rendered.Patch("text", "0.0.0", "2", null));
        Rendered reordered = template.render(Map.of("count", 1L, "items", List.of("b", "a", "c")));
        assertThat(reordered.diff(before)).singleElement().satisfies(p -> {
            assertThat(p.op()).isEqualTo("children");
            assertThat(p.path()).isEqualTo("0");
        });
    }
}
