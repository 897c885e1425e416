package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.sdk.logic.ApiFailure;
import io.atrium.sdk.view.VNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ViewQueryTest {

    static VNode.Element el(String tag, Map<String, String> attributes, VNode... children) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (k.startsWith("data-")) {
                dataset.put(k.substring(5), v);
            }
        });
        return new VNode.Element(tag, attributes, List.of(children), null, dataset);
    }

    static VNode.Element page(VNode... children) {
        return el("div", Map.of("class", "ft-page"), children);
    }

    static List<String> ids(ViewQuery query, String selector) {
        return query.select(selector).stream()
                .map(e -> e.attributes().getOrDefault("id", "?"))
                .toList();
    }

    final VNode.Element list = page(
            el(
                    "div",
                    Map.of("id", "list", "class", "list main"),
                    el("div", Map.of("id", "a", "class", "item"), new VNode.Text("first")),
                    el(
                            "div",
                            Map.of("id", "wrap"),
                            el(
                                    "span",
                                    Map.of("id", "b", "class", "item hot", "data-sku", "42"),
                                    new VNode.Text("second")))),
            el("div", Map.of("id", "c", "class", "item")));

    @Test
    void selectsByTagIdClassAndCombinatorsInDocumentOrder() {
        ViewQuery query = new ViewQuery(list, 375, 667);
        assertThat(ids(query, ".item")).containsExactly("a", "b", "c");
        assertThat(ids(query, ".list .item")).containsExactly("a", "b");
        assertThat(ids(query, ".list > .item")).containsExactly("a");
        assertThat(ids(query, "text.hot, #c")).containsExactly("b", "c");
        assertThat(ids(query, ".list.main #b")).containsExactly("b");
        assertThat(ids(query, "view > text")).containsExactly("b");
        assertThat(ids(query, ".missing")).isEmpty();
    }

    @Test
    void answersFieldsWithAnApproximateBox() {
        ViewQuery query = new ViewQuery(list, 375, 667);
        List<Object> results = query.answer(List.of(
                Map.of(
                        "selector",
                        "#b",
                        "all",
                        false,
                        "fields",
                        Map.of("id", true, "dataset", true, "rect", true, "size", true)),
                Map.of("selector", ".item", "all", true, "fields", Map.of("id", true)),
                Map.of("selector", "#none", "all", false, "fields", Map.of("id", true)),
                Map.of("selector", "", "all", false, "fields", Map.of("size", true, "scrollOffset", true))));
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) results.get(0);
        // Second line of the page: one line of text above it.
        assertThat(b).containsEntry("id", "b").containsEntry("dataset", Map.of("sku", "42"));
        assertThat(b).containsEntry("top", 20.0).containsEntry("height", 20.0).containsEntry("width", 375.0);
        assertThat(results.get(1)).asList().hasSize(3);
        assertThat(results.get(2)).isNull();
        assertThat(results.get(3))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("width", 375.0)
                .containsEntry("scrollTop", 0);
    }

    @Test
    void refusesSelectorsItCannotAnswer() {
        ViewQuery query = new ViewQuery(list, 375, 667);
        assertThatThrownBy(() -> query.select("a[href]"))
                .isInstanceOf(ApiFailure.class)
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> query.select(".a > > .b")).isInstanceOf(ApiFailure.class);
        assertThatThrownBy(() -> query.select("div div div div div div div div div"))
                .isInstanceOf(ApiFailure.class)
                .hasMessageContaining("more than 8 parts");
        assertThatThrownBy(() -> query.select(".x".repeat(200)))
                .isInstanceOf(ApiFailure.class)
                .hasMessageContaining("at most 256 characters");
    }

    @Test
    @Timeout(
            value = 20,
            unit = TimeUnit.SECONDS,
            threadMode =
                    Timeout.ThreadMode
                            .SEPARATE_THREAD) // guards against a hang: exponential backtracking would not finish
    void aLongDescendantChainOnADeepTreeDoesNotBacktrackForEver() {
        VNode.Element deep = el("div", Map.of("id", "leaf"));
        for (int i = 0; i < 400; i++) {
            deep = el("div", Map.of(), deep);
        }
        ViewQuery query = new ViewQuery(page(deep), 375, 667);
        List<String> found = new ArrayList<>(ids(query, ".nothing view view view view view view #leaf"));
        assertThat(found).isEmpty();
        assertThat(ids(query, "view view view view view view view #leaf")).containsExactly("leaf");
    }
}
