package io.atrium.sdk.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How templates declare WXS modules and call their functions (the modules themselves run in the logic layer). */
class ScriptModuleTemplateTest {

    @Test
    void listsInlineAndFileModulesWithTheirCodeAndLines() {
        String t = """
                <wxs src="../../utils/price.wxs" module="price"/>
                <view>{{price.of(1)}}</view>
                <wxs module="cmp">
                module.exports.less = function (a, b) { return a < b && b > 0 ? 'yes' : 'no'; };
                </wxs>
                <fts module="old" src="./old.fts"></fts>
                """;
        assertThat(FxmlTemplate.check("pages/shop/shop.wxml", t)).isNull();
        FxmlTemplate template = FxmlTemplate.compile("pages/shop/shop.wxml", Map.of("pages/shop/shop.wxml", t)::get);
        List<FxmlTemplate.ScriptModule> modules = template.scriptModules();
        assertThat(modules).extracting(FxmlTemplate.ScriptModule::name).containsExactly("price", "cmp", "old");
        assertThat(modules.get(0).src()).isEqualTo("utils/price.wxs");
        assertThat(modules.get(1).src()).isNull();
        assertThat(modules.get(1).code()).contains("return a < b && b > 0 ? 'yes' : 'no';");
        assertThat(modules.get(1).line()).isEqualTo(3);
        assertThat(modules.get(2).src()).isEqualTo("pages/shop/old.fts");
    }

    @Test
    void callsModuleFunctionsInTextAttributesConditionsAndLoops() {
        String t = """
                <wxs module="m">module.exports = {};</wxs>
                <view wx:for="{{m.evens(list)}}" class="n-{{m.twice(item)}}" wx:if="{{m.twice(item) > 2}}">{{m.twice(item)}}</view>
                <view>{{m.label}}</view>
                """;
        FxmlTemplate template = FxmlTemplate.compile("p.wxml", Map.of("p.wxml", t)::get);
        TemplateFunction twice = args -> Values.normalize(2 * Values.number(args.get(0)));
        TemplateFunction evens = args -> ((List<?>) args.get(0))
                .stream().filter(n -> ((Number) n).longValue() % 2 == 0).toList();
        Map<String, Object> m = Map.of("twice", twice, "evens", evens, "label", "done");
        // A module's name hides a data key of the same name.
        String html = template.render(Map.of("list", List.of(1L, 2L, 3L, 4L), "m", "data"), Map.of("m", m))
                .html();
        assertThat(html)
                .isEqualTo("<div class=\"ft-page\"><div class=\"n-4\">4</div><div class=\"n-8\">8</div>"
                        + "<div>done</div></div>");
    }

    @Test
    void refusesAModuleWithoutAName() {
        assertThat(FxmlTemplate.check("p.wxml", "<view/>\n<wxs src=\"./a.wxs\"/>"))
                .startsWith("line 2: ")
                .contains("module=");
    }
}
