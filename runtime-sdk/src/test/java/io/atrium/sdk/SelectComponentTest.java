package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selectComponent} and {@code selectAllComponents}, on a page and on a component (and an
 * intersection observer, which is accepted and never reports: there is no layout here): the
 * instances whose elements match the selector in the rendered view, so a page can call a child
 * component's methods as WeChat apps do (a form's reset, a counter's add).
 */
class SelectComponentTest {

    @TempDir
    Path dir;

    RecordingHost host;

    @BeforeEach
    void start() {
        host = new RecordingHost(dir);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    static Map<String, String> app() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                "{\"pages\": [\"pages/index/index\"], \"usingComponents\": {\"counter\": \"/components/counter/counter\","
                        + " \"panel\": \"/components/panel/panel\"}}");
        files.put("app.js", "App({});");
        files.put("components/counter/counter.json", "{\"component\": true}");
        files.put("components/counter/counter.js", """
                Component({
                  properties: { label: String },
                  data: { count: 0 },
                  methods: { add: function (n) { this.setData({ count: this.data.count + (n || 1) }); } }
                });
                """);
        files.put("components/counter/counter.wxml", "<text>{{label}}={{count}}</text>");
        files.put("components/panel/panel.json", "{\"component\": true}");
        files.put("components/panel/panel.js", """
                Component({
                  methods: {
                    addInside: function () {
                      this.createIntersectionObserver().relativeTo('.counter').observe('#inner', function () {
                        throw new Error('nothing intersects where there is no layout');
                      });
                      var inner = this.selectComponent('#inner');
                      inner.add(10);
                      return this.selectAllComponents('.counter').length;
                    }
                  }
                });
                """);
        files.put("components/panel/panel.wxml", "<counter id=\"inner\" class=\"counter\" label=\"inner\"></counter>");
        files.put("pages/index/index.js", """
                Page({
                  data: { report: 'none' },
                  onLoad: function () {
                    // Before the first render there is nothing to select.
                    this.setData({ early: String(this.selectComponent('#second')) });
                  },
                  bump: function () {
                    var page = this;
                    wx.createIntersectionObserver(this).relativeToViewport({ bottom: 0 }).observe('#first', function () {
                      page.setData({ report: 'intersected?' });
                    });
                    this.selectComponent('#second').add();
                    var all = this.selectAllComponents('.counter');
                    var inside = this.selectComponent('#box').addInside();
                    this.setData({ report: all.length + ' counters, ' + inside + ' in the panel, missing '
                      + this.selectComponent('#nope') });
                  }
                });
                """);
        files.put("pages/index/index.wxml", """
                <counter id="first" class="counter" label="first"></counter>
                <counter id="second" class="counter" label="second"></counter>
                <panel id="box"></panel>
                <text>{{early}} {{report}}</text>
                <button id="bump" bindtap="bump">bump</button>
                """);
        return files;
    }

    @Test
    void aPageAndAComponentReachTheInstancesTheirSelectorsMatch() throws Exception {
        try (MiniProgramSession session = host.launch(app(), null)) {
            assertThat(session.currentPage().text()).contains("null none");
            String text = session.tap("bump").get(10, TimeUnit.SECONDS).text();
            assertThat(text)
                    .contains("first=0")
                    .contains("second=1")
                    .contains("inner=10")
                    // Classes are scoped as in WeChat: the page's .counter is not the panel's.
                    .contains("2 counters, 1 in the panel, missing null");
            assertThat(host.errors).isEmpty();
        }
    }
}
