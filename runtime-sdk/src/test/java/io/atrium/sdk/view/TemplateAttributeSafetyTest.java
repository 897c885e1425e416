package io.atrium.sdk.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a template may put into a host's page: only the attributes each component knows, no event
 * handler attributes, no active URLs and no style that fetches or runs something. Hosts insert the
 * rendered HTML as markup, so whatever passes here reaches a browser.
 */
class TemplateAttributeSafetyTest {

    private final Map<String, String> files = new HashMap<>();

    private Rendered render(String template, Map<String, Object> data) {
        files.put("pages/index/index.wxml", template);
        return FxmlTemplate.compile("pages/index/index.wxml", files::get).render(data);
    }

    private String html(String template) {
        return html(template, Map.of());
    }

    private String html(String template, Map<String, Object> data) {
        String html = render(template, data).html();
        return html.substring("<div class=\"ft-page\">".length(), html.length() - "</div>".length());
    }

    @Test
    void noEventHandlerAttributeIsEverEmitted() {
        String out = html("<view onclick=\"a()\" ONMOUSEOVER=\"b()\"><image src=\"x\" onerror=\"alert(1)\"/>"
                + "<text onload=\"c()\">t</text><input onfocus=\"d()\" autofocus=\"\"/><unknown onanimationstart=\"e()\">u</unknown>"
                + "<button on:tap=\"f()\" bindtap=\"g\">b</button></view>");
        assertThat(out)
                .doesNotContainIgnoringCase(" on")
                .doesNotContain("alert")
                .doesNotContain("autofocus")
                .isEqualTo("<div><img src=\"x\"><span>t</span><input><div class=\"ft-unknown\">u</div>"
                        + "<button data-ft-bind-tap=\"g\">b</button></div>");
    }

    @Test
    void onlyEachComponentsOwnAttributesPass() {
        assertThat(
                        html(
                                "<view href=\"/x\" src=\"/y\" srcdoc=\"z\" formaction=\"q\" id=\"v\" title=\"t\" role=\"note\" aria-label=\"l\">v</view>"))
                .isEqualTo("<div id=\"v\" title=\"t\" role=\"note\" aria-label=\"l\">v</div>");
        assertThat(
                        html(
                                "<image src=\"/a.png\" mode=\"aspectFit\" lazy-load=\"true\" srcset=\"javascript:x 1x\" usemap=\"#m\"/>"))
                .isEqualTo("<img src=\"/a.png\" mode=\"aspectFit\" lazy-load=\"true\">");
        assertThat(
                        html(
                                "<input value=\"v\" placeholder=\"p\" type=\"number\" maxlength=\"5\" formaction=\"javascript:x\"/>"))
                .isEqualTo("<input value=\"v\" placeholder=\"p\" type=\"number\" maxlength=\"5\">");
        // An input type the mini-program world does not have (file, image, hidden, submit...) is dropped.
        assertThat(html("<input type=\"image\" src=\"javascript:alert(1)\"/>")).isEqualTo("<input>");
        // A switch stays a checkbox whatever the template says.
        assertThat(html("<switch type=\"text\" checked=\"{{true}}\"/>"))
                .isEqualTo("<input type=\"checkbox\" checked=\"checked\">");
        assertThat(
                        html(
                                "<form action=\"javascript:alert(1)\" method=\"post\" target=\"_top\"><button form-type=\"submit\">s</button></form>"))
                .isEqualTo("<form><button form-type=\"submit\">s</button></form>");
        assertThat(
                        html(
                                "<navigator url=\"/pages/a/a\" open-type=\"redirect\" href=\"javascript:alert(1)\" target=\"_blank\">a</navigator>"))
                .isEqualTo("<a href=\"#\" data-ft-url=\"/pages/a/a\" open-type=\"redirect\">a</a>");
        // href= without url= must not become a link either.
        assertThat(html("<navigator href=\"javascript:alert(1)\">a</navigator>"))
                .isEqualTo("<a>a</a>");
    }

    @Test
    void theRenderersOwnMarkersCannotBeForged() {
        assertThat(html("<view data-ft-url=\"javascript:alert(1)\" data-ft-bind-tap=\"forged\" data-id=\"7\">x</view>"))
                .isEqualTo("<div data-id=\"7\">x</div>");
    }

    @Test
    void activeUrlsAreRefusedWhereverAUrlGoes() {
        for (String url : List.of(
                "javascript:alert(1)",
                "JaVaScRiPt:alert(1)",
                " javascript:alert(1)",
                "java\tscript:alert(1)",
                "java\nscript:alert(1)",
                "\u0001javascript:alert(1)",
                "vbscript:msgbox(1)",
                "data:text/html,<script>alert(1)</script>",
                "data:image/svg+xml,<svg onload=alert(1)>",
                "file:///etc/passwd",
                "blob:http://x/y",
                "filesystem:http://x/y")) {
            assertThat(html("<image src=\"{{u}}\"/>", Map.of("u", url))).as(url).isEqualTo("<img>");
            assertThat(html("<navigator url=\"{{u}}\">n</navigator>", Map.of("u", url)))
                    .as(url)
                    .isEqualTo("<a>n</a>");
        }
        // The same through entities in the template's own text.
        assertThat(html("<image src=\"&#106;avascript:alert(1)\"/>")).isEqualTo("<img>");
    }

    @Test
    void safeUrlsStayWorking() {
        for (String url : List.of(
                "/images/a.png",
                "images/a.png",
                "../a.png",
                "a.png?x=1#y",
                "https://cdn.example.com/a.png",
                "http://cdn.example.com/a.png",
                "//cdn.example.com/a.png",
                "data:image/png;base64,iVBORw0KGgo=",
                "data:image/jpeg;base64,/9j/")) {
            assertThat(html("<image src=\"{{u}}\"/>", Map.of("u", url)))
                    .as(url)
                    .isEqualTo("<img src=\"" + Rendered.escape(url) + "\">");
        }
        // A navigator goes to a page of this mini-program: a path, never another site.
        assertThat(html("<navigator url=\"/pages/about/about?x=1\">n</navigator>"))
                .isEqualTo("<a href=\"#\" data-ft-url=\"/pages/about/about?x=1\">n</a>");
        assertThat(html("<navigator url=\"../b/b\">n</navigator>"))
                .isEqualTo("<a href=\"#\" data-ft-url=\"../b/b\">n</a>");
        for (String url :
                List.of("https://evil.example/", "//evil.example/x", "\\\\evil.example\\x", "/\\evil.example")) {
            assertThat(html("<navigator url=\"{{u}}\">n</navigator>", Map.of("u", url)))
                    .as(url)
                    .isEqualTo("<a>n</a>");
        }
    }

    @Test
    void stylesKeepWhatIsHarmlessAndDropWhatIsNot() {
        assertThat(html("<view style=\"width: 750rpx; color: red; background-image: url(/a.png)\">s</view>"))
                .isEqualTo("<div style=\"width: 100vw; color: red; background-image: url(/a.png)\">s</div>");
        assertThat(html("<view style=\"color: red; background: url(javascript:alert(1)); width: 1px\">s</view>"))
                .isEqualTo("<div style=\"color: red; width: 1px\">s</div>");
        assertThat(html("<view style=\"width: expression(alert(1)); color: blue\">s</view>"))
                .isEqualTo("<div style=\"color: blue\">s</div>");
        assertThat(html("<view style=\"background: url( 'JAVASCRIPT:alert(1)' )\">s</view>"))
                .isEqualTo("<div>s</div>");
        // Escapes and comments can spell any of it, so a declaration that has them is dropped.
        assertThat(html("<view style=\"background: u\\72l(javascript:alert(1)); color: red\">s</view>"))
                .isEqualTo("<div style=\"color: red\">s</div>");
        assertThat(html("<view style=\"width: expr/**/ession(alert(1))\">s</view>"))
                .isEqualTo("<div>s</div>");
        assertThat(html("<view style=\"-moz-binding: url(x.xml#y); behavior: url(x.htc)\">s</view>"))
                .isEqualTo("<div>s</div>");
        assertThat(html("<view style=\"{{s}}\">s</view>", Map.of("s", "background:url(\"data:text/html,x\")")))
                .isEqualTo("<div>s</div>");
        assertThat(html("<view style=\"background:url(data:image/png;base64,AAAA)\">s</view>"))
                .isEqualTo("<div style=\"background: url(data:image/png;base64,AAAA)\">s</div>");
    }

    @Test
    void wxmlSyntaxEventsAndDatasetStillWork() {
        Rendered r = render(
                "<view wx:for=\"{{list}}\" wx:key=\"*this\" data-item-id=\"{{item}}\" bindtap=\"pick\" catch:longpress=\"hold\""
                        + " class=\"row\" hidden=\"{{item == 'b'}}\">{{item}}</view>",
                Map.of("list", List.of("a", "b")));
        assertThat(r.html())
                .contains(
                        "<div data-item-id=\"a\" data-ft-bind-tap=\"pick\" data-ft-catch-longpress=\"hold\" class=\"row\">a</div>")
                .contains(
                        "<div data-item-id=\"b\" data-ft-bind-tap=\"pick\" data-ft-catch-longpress=\"hold\" class=\"row\" hidden=\"hidden\">b</div>");
        assertThat(r.handlers("@0", "tap"))
                .extracting(Rendered.Handler::handler)
                .containsExactly("pick");
        assertThat(r.find("@0").orElseThrow().dataset()).containsEntry("itemId", "a");
    }

    @Test
    void aNavigatorRefusedItsUrlIsNoLink() {
        Rendered r = render(
                "<navigator id=\"n\" url=\"javascript:alert(1)\" open-type=\"reLaunch\">n</navigator>", Map.of());
        assertThat(r.attributeUp("n", "data-ft-url")).isEmpty();
        assertThat(r.html()).doesNotContain("href");
    }
}
