package io.atrium.sdk.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates WeChat's compiler accepts compile and render here as WeChat renders them. */
class LenientTemplateTest {

    private final Map<String, String> files = new HashMap<>();

    private Rendered render(String template, Map<String, Object> data) {
        files.put("pages/quiz/quiz.wxml", template);
        // What the upload check accepts must compile: every template here passes both.
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", template)).isNull();
        return FxmlTemplate.compile("pages/quiz/quiz.wxml", files::get).render(data);
    }

    private String html(String template, Map<String, Object> data) {
        String html = render(template, data).html();
        return html.substring("<div class=\"ft-page\">".length(), html.length() - "</div>".length());
    }

    @Test
    void readsAnElifMissingItsLastBraceAsTheBindingItStartsLikeWeChat() {
        String t = """
                <view wx:for="{{questions}}" wx:for-item="question" wx:key="id">
                  <text wx:if="{{question.qtype == 0}}">single: {{question.title}}</text>
                  <text wx:elif="{{question.qtype == 1}">multiple: {{question.title}}</text>
                  <text wx:else>open: {{question.title}}</text>
                </view>
                """;
        Map<String, Object> data = Map.of(
                "questions",
                List.of(
                        Map.of("id", 1L, "qtype", 0L, "title", "A"),
                        Map.of("id", 2L, "qtype", 1L, "title", "B"),
                        Map.of("id", 3L, "qtype", 2L, "title", "C")));
        assertThat(html(t, data))
                .isEqualTo("<div><span>single: A</span></div><div><span>multiple: B</span></div>"
                        + "<div><span>open: C</span></div>");
        // With no closing brace at all, too.
        assertThat(html("<view hidden=\"{{!shown\">x</view>", Map.of("shown", true)))
                .isEqualTo("<div>x</div>");
    }

    @Test
    void keepsAnUnclosedBindingInTextAsText() {
        assertThat(html("<view>Price {{ total</view><text>{{n}} items</text>", Map.of("n", 3L)))
                .isEqualTo("<div>Price {{ total</div><span>3 items</span>");
        // An attribute whose unclosed rest does not parse stays the text it is.
        assertThat(html("<view class=\"a {{ b c\">x</view>", Map.of())).isEqualTo("<div class=\"a {{ b c\">x</div>");
    }

    /**
     * The upload check runs on the platform for every template: a package-sized template of
     * unclosed braces, of bindings in an attribute whose quote never comes, or of inline modules
     * must be read once, not once for each of its parts to its end (600 KB of "{{a" took 17 s, and
     * a 2 MB template minutes, on a server thread).
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void checksPackageSizedTemplatesOfManyBracesInOnePass() {
        int n = 600_000;
        assertThat(FxmlTemplate.check("pages/a/a.wxml", "<view>" + "{{a".repeat(n) + "</view>"))
                .isNull();
        assertThat(FxmlTemplate.check("pages/a/a.wxml", "<view>" + "{{a".repeat(n) + "}}</view>"))
                .isNull();
        assertThat(FxmlTemplate.check("pages/a/a.wxml", "<view class=\"" + "{{a}}".repeat(n / 2) + ">x</view>"))
                .isNotNull();
        assertThat(FxmlTemplate.check(
                        "pages/a/a.wxml",
                        "<view>\n" + "<wxs module=\"m\">var x = 1</wxs>\n".repeat(n / 10) + "</view>"))
                .isNull();
    }

    @Test
    void rendersUnknownTagsWithTheirChildren() {
        assertThat(html(
                        "<van-cell title=\"t\"><text>inside</text></van-cell><my-badge/><open-data type=\"userNickName\"/>",
                        Map.of()))
                .isEqualTo(
                        "<div class=\"ft-van-cell\" title=\"t\"><span>inside</span></div><div class=\"ft-my-badge\"></div>"
                                + "<div class=\"ft-open-data\"></div>");
    }

    @Test
    void acceptsChildlessComponentsLeftOpenAndClosedLate() {
        assertThat(html(
                        "<view><input value=\"{{v}}\" disabled><image src=\"/a.png\"></image><text>after</text></view>",
                        Map.of("v", "hi")))
                .isEqualTo(
                        "<div><input value=\"hi\" disabled=\"disabled\"><img src=\"/a.png\"><span>after</span></div>");
    }

    @Test
    void treatsAttributeValuesAsWeChatDoes() {
        // A bare attribute is true; the string "false" is a non-empty string (true); {{false}} is false.
        assertThat(html(
                        "<checkbox checked/><checkbox checked=\"false\"/><checkbox checked=\"{{false}}\"/>"
                                + "<view hidden=\"{{ hide }}\">h</view>",
                        Map.of("hide", true)))
                .isEqualTo("<input type=\"checkbox\" checked=\"checked\"><input type=\"checkbox\" checked=\"checked\">"
                        + "<input type=\"checkbox\"><div hidden=\"hidden\">h</div>");
        assertThat(html(
                        "<view class=\"item {{on ? 'item-on' : ''}} x\" style=\"color: {{c}}; width: 750rpx\">t</view>",
                        Map.of("on", true, "c", "red")))
                .isEqualTo("<div class=\"item item-on x\" style=\"color: red; width: 100vw\">t</div>");
    }

    @Test
    void camelCasesDatasetKeysAsWeChatDoes() {
        Rendered r = render("<view data-user-id=\"{{7}}\" data-orderNo=\"A1\" bindtap=\"go\">x</view>", Map.of());
        VNode.Element view = (VNode.Element) r.root().children().get(0);
        assertThat(view.dataset()).containsEntry("userId", 7L).containsEntry("orderno", "A1");
    }

    @Test
    void loopsWithEveryKeySpellingAndForItems() {
        Map<String, Object> data = Map.of("list", List.of(Map.of("id", "a"), Map.of("id", "b")));
        for (String key : List.of("id", "{{item.id}}", "index", "*this", "{{index}}")) {
            Rendered r =
                    render("<view wx:for-items=\"{{list}}\" wx:key=\"" + key + "\">{{index}}-{{item.id}}</view>", data);
            assertThat(r.html()).contains("<div>0-a</div><div>1-b</div>");
            String first = ((VNode.Element) r.root().children().get(0)).key();
            String second = ((VNode.Element) r.root().children().get(1)).key();
            assertThat(first).as(key).isNotEqualTo(second);
        }
        assertThat(html("<text wx:for=\"{{[1, 2]}}\" wx:for-item=\"{{n}}\">{{n * 10}}</text>", Map.of()))
                .isEqualTo("<span>10</span><span>20</span>");
    }

    @Test
    void testsWxIfPerItemWhenItSharesAnElementWithWxFor() {
        assertThat(html("<text wx:for=\"{{[1, 2, 3]}}\" wx:if=\"{{item > 1}}\">{{item}}</text>", Map.of()))
                .isEqualTo("<span>2</span><span>3</span>");
    }

    @Test
    void decodesEntitiesAndSkipsComments() {
        assertThat(html("<!-- a <view> in a comment --><text>a&nbsp;b &amp; c &lt;d&gt;</text>", Map.of()))
                .isEqualTo("<span>a\u00a0b &amp; c &lt;d&gt;</span>");
    }

    @Test
    void evaluatesTheExpressionsWeChatAllows() {
        Map<String, Object> data =
                Map.of("a", 3L, "b", 4L, "user", Map.of("name", "Li", "tags", List.of("x", "y")), "k", "name");
        assertThat(html(
                        "<text>{{a + b * 2}} {{(a + b) % 4}} {{a > b ? 'gt' : 'le'}} {{!a}} {{'Hi ' + user.name}}"
                                + " {{user[k]}} {{user.tags[1]}} {{user.tags.length}} {{a === 3 && b != 3}}</text>",
                        data))
                .isEqualTo("<span>11 3 le false Hi Li Li y 2 true</span>");
        files.put("pages/quiz/cell.wxml", "<template name=\"cell\"><text>{{title}}:{{list[0]}}</text></template>");
        assertThat(html(
                        "<import src=\"./cell.wxml\"/><template is=\"cell\" data=\"{{title: user.name, list: [a, b]}}\"/>",
                        data))
                .isEqualTo("<span>Li:3</span>");
    }

    @Test
    void refusesWhatWeChatRefusesNamingTheLine() {
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", "<view>\n  <text>hi\n</view>"))
                .startsWith("3:1: </view> found where </text>");
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", "<view>\n</view>\n</view>"))
                .startsWith("3:1: </view> closes nothing");
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", "<view>\n<text>never closed"))
                .contains("never closed");
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", "<view>\n\n  <text>{{ a + }}</text></view>"))
                .startsWith("line 3: ")
                .contains("an expression is missing");
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", "<view>\n<text wx:else>x</text></view>"))
                .startsWith("line 2: ")
                .contains("wx:else without an wx:if");
        assertThat(FxmlTemplate.check("pages/quiz/quiz.wxml", "<view>1 < 2</view>"))
                .contains("'<' does not start a tag");
        // The compiler refuses the same, naming the file.
        files.put("pages/bad/bad.wxml", "<view>\n<view wx:if=\"{{ (a }}\">x</view></view>");
        assertThatThrownBy(() -> FxmlTemplate.compile("pages/bad/bad.wxml", files::get))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("pages/bad/bad.wxml:2: ");
    }
}
