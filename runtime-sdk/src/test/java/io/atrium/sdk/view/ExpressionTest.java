package io.atrium.sdk.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static final Map<String, Object> DATA = Map.of(
            "a",
            Map.of("b", List.of(1L, 2L, Map.of("c", "deep"))),
            "n",
            7L,
            "s",
            "hi",
            "empty",
            "",
            "flag",
            true,
            "list",
            List.of("x", "y", "z"),
            "key",
            "b");

    private static Object eval(String source) {
        return Expression.parse(source).evaluate(name -> DATA.containsKey(name) ? DATA.get(name) : Values.UNDEFINED);
    }

    @Test
    void readsPaths() {
        assertThat(eval("a.b[2].c")).isEqualTo("deep");
        assertThat(eval("a['b'][0]")).isEqualTo(1L);
        assertThat(eval("a[key][1]")).isEqualTo(2L);
        assertThat(eval("list.length")).isEqualTo(3L);
        assertThat(eval("s.length")).isEqualTo(2L);
        assertThat(eval("missing.deeper.still")).isEqualTo(Values.UNDEFINED);
    }

    @Test
    void computesLikeJavaScript() {
        assertThat(eval("n + 1")).isEqualTo(8L);
        assertThat(eval("n / 2")).isEqualTo(3.5);
        assertThat(eval("n % 4 * 2 - 1")).isEqualTo(5L);
        assertThat(eval("s + n")).isEqualTo("hi7");
        assertThat(eval("'count: ' + (n + 1)")).isEqualTo("count: 8");
        assertThat(eval("-n")).isEqualTo(-7L);
        assertThat(eval("n > 5 && n <= 7")).isEqualTo(true);
        assertThat(eval("empty || 'fallback'")).isEqualTo("fallback");
        assertThat(eval("!flag")).isEqualTo(false);
        assertThat(eval("n === 7 ? 'seven' : 'other'")).isEqualTo("seven");
        assertThat(eval("n == '7'")).isEqualTo(true);
        assertThat(eval("n === '7'")).isEqualTo(false);
        assertThat(eval("n != 8")).isEqualTo(true);
        assertThat(eval("null == undefined")).isEqualTo(true);
        assertThat(eval("null === undefined")).isEqualTo(false);
        assertThat(eval("[1, 2, n].length")).isEqualTo(3L);
    }

    @Test
    void comparisonsWithNanAreFalse() {
        assertThat(eval("s < 1")).isEqualTo(false);
        assertThat(eval("s >= 1")).isEqualTo(false);
        assertThat(eval("s > 1")).isEqualTo(false);
    }

    @Test
    void parsesTemplateDataWithSpreadAndShorthand() {
        Object data = Expression.parseData("...a, n, extra: s + '!'")
                .evaluate(name -> DATA.getOrDefault(name, Values.UNDEFINED));
        assertThat(data).isEqualTo(Map.of("b", List.of(1L, 2L, Map.of("c", "deep")), "n", 7L, "extra", "hi!"));
    }

    @Test
    void namesWhereASyntaxErrorIs() {
        assertThatThrownBy(() -> Expression.parse("a +"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("at 4");
        assertThatThrownBy(() -> Expression.parse("(a")).hasMessageContaining("')' was expected");
        assertThatThrownBy(() -> Expression.parse("'open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Expression.parse("a b")).hasMessageContaining("unexpected 'b'");
    }
}
